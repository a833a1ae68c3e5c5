/**
 * The signal that aborts an upstream request when its client hangs up: what undici's `signal` option needs (an
 * `aborted` flag and `once`/`removeListener` of 'abort', as on an EventEmitter) and nothing more. An AbortController
 * per request costs the event loop more than the rest of the request's bookkeeping: an EventTarget, its listener
 * options and their removal, on every request, though almost none is ever aborted.
 */
import type { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

type Listener = () => void;

export class HangUpSignal {
  aborted = false;
  reason: Error | undefined = undefined;
  private listeners: Listener[] | null = null;
  private onClientClose: Listener | null = null;

  /**
   * Aborts when `client` closes before its answer is finished, until `unwatch`. The listener is assigned to a member,
   * not a named constant: under tsx a named closure costs a defineProperty of its name per request (keepNames).
   */
  watch(client: ServerResponse): void {
    this.onClientClose = () => {
      if (!client.writableFinished) this.abort();
    };
    client.once('close', this.onClientClose);
  }

  unwatch(client: ServerResponse): void {
    if (this.onClientClose) client.off('close', this.onClientClose);
    this.onClientClose = null;
  }

  /** Called once on abort (undici registers one listener per request). */
  once(event: 'abort', listener: Listener): this {
    if (event === 'abort') (this.listeners ??= []).push(listener);
    return this;
  }

  /** Same as `once`: the signal aborts at most once, so every listener runs at most once. */
  on(event: 'abort', listener: Listener): this {
    return this.once(event, listener);
  }

  removeListener(event: 'abort', listener: Listener): this {
    const list = this.listeners;
    if (event !== 'abort' || list === null) return this;
    const at = list.indexOf(listener);
    if (at >= 0) list.splice(at, 1);
    return this;
  }

  /** Without a reason, undici fails the request with its own RequestAbortedError. */
  abort(reason?: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const list = this.listeners;
    this.listeners = null;
    if (list) for (const listener of list) listener();
  }
}

/** The signal as undici's types name it: it reads only the EventEmitter methods HangUpSignal has. */
export const asRequestSignal = (signal: HangUpSignal): EventEmitter => signal as unknown as EventEmitter;
