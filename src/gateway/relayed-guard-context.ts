/**
 * What the request guard is told of a relayed request (`GuardContext`). A class, not an object literal with a
 * `normalized` getter in the route handler: that getter's closure moved the parsed body into the handler's closure
 * scope, and the bodies then lived long enough to be promoted to the old generation (with a guard installed, 1.7-1.8
 * MB promoted per scavenge against 0.14-0.2 without one, and about twice the event loop's collection time per
 * request; docs/gateway.md, Overhead).
 */
import { normalizeRequest, type NormalizedRequest } from '../exchange/normalize.js';
import type { Account } from '../exchange/account.js';
import type { GatewayEndpoint, GuardContext } from './hooks.js';

export class RelayedGuardContext implements GuardContext {
  private normalizedRequest: NormalizedRequest | null = null;

  constructor(
    public account: Account,
    public keyId: string,
    public ip: string,
    public userAgent: string | undefined,
    public model: string,
    public endpoint: GatewayEndpoint,
    public arrivedAt: number,
    public body: Record<string, unknown>,
  ) {}

  /** The normalised request, computed on first access. */
  get normalized(): NormalizedRequest {
    return (this.normalizedRequest ??= normalizeRequest(this.body, this.endpoint));
  }
}
