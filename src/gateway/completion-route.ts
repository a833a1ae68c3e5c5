/**
 * The handler of every relayed API route (relayed-routes.ts): validate the body, consult the request guard, forward
 * to the upstream (translating Anthropic Messages to Chat Completions when no Anthropic upstream is configured),
 * relay the answer and record the exchange, whatever its outcome.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { messagesToChatRequest } from './anthropic/to-chat-request.js';
import { HangUpSignal } from './hang-up-signal.js';
import { allowAll, type GuardResult } from './hooks.js';
import { RelayedGuardContext } from './relayed-guard-context.js';
import { relayBuffered, relayStream, type RelayOutcome, type RelayPlan } from './relay.js';
import type { RelayedRoute } from './relayed-routes.js';
import { sendRaw } from './raw-reply.js';
import { whoOfKey } from './exchange-builder.js';
import type { ReceivedBody, RequestState } from './request-state.js';
import type { GatewayCore } from './gateway-core.js';

const CLIENT_GONE = 'the client closed the connection before the answer';

/** The first schema problem of a body, naming the field: `messages: Too small: expected array to have >=1 items`. */
export function describeSchemaError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request body';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
  return `${where}: ${issue.message}`;
}

/** An authenticated request to a relayed route, as fastify or the fast path (relayed-fast-path.ts) received it. */
export interface RelayedRequest {
  state: RequestState;
  headers: IncomingHttpHeaders;
  /** Undefined when the request had no body. */
  received: ReceivedBody | undefined;
}

/**
 * The route's handler, writing on the Node response. It answers and records whatever happens: an unexpected error
 * is answered and recorded as fastify's error handler would (500, `internal gateway error`).
 */
export function completionHandler(core: GatewayCore, route: RelayedRoute): (req: RelayedRequest, res: ServerResponse) => Promise<void> {
  const handle = relayHandler(core, route);
  return async function handleRelayed(req, res) {
    try {
      await handle(req, res);
    } catch (err) {
      core.log.error({ err: (err as Error).message, url: route.path }, 'gateway error');
      core.deny(res, route.style, req.state.start, whoOfKey(req.state.key!), 'unknown', {}, 500, 'internal gateway error', 'error');
    }
  };
}

function relayHandler(core: GatewayCore, route: RelayedRoute) {
  const { endpoint, style, schema } = route;
  const native = endpoint === 'messages' ? core.anthropic : core.openai;
  const upstream = native ?? core.openai;
  const translate = endpoint === 'messages' && native === null;
  const toAnthropic = endpoint === 'messages' && !translate;
  const path = translate ? '/chat/completions' : route.upstreamPath;

  return async function handleCompletion(req: RelayedRequest, client: ServerResponse): Promise<void> {
    const { state, received } = req;
    const key = state.key!;
    const who = whoOfKey(key);
    const body = received?.json;
    const checked = schema.safeParse(body);
    if (!checked.success) {
      const model = typeof (body as { model?: unknown })?.model === 'string' ? (body as { model: string }).model : 'unknown';
      const request = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
      core.deny(client, style, state.start, who, model, request, 400, describeSchemaError(checked.error), 'invalid_request');
      return;
    }
    const request = body as Record<string, unknown>;
    const model = checked.data.model;

    let decision: GuardResult = { action: 'allow' };
    if (core.guard !== allowAll) {
      const ctx = new RelayedGuardContext(key.account, key.keyId, state.start.ip, state.start.userAgent, model, endpoint, state.start.arrivedAt, request);
      try {
        decision = await core.guard(ctx);
      } catch (err) {
        core.log.error({ err: (err as Error).message, account: who.account }, 'request guard failed; allowing');
      }
      if (decision.action === 'deny') {
        core.deny(client, style, state.start, who, model, request, decision.status, decision.message, decision.reason, decision.headers, decision.body);
        return;
      }
    }

    const forwarded = decision.request ?? request;
    let upstreamBody: string | Buffer;
    if (translate) upstreamBody = JSON.stringify(messagesToChatRequest(forwarded));
    else upstreamBody = decision.request ? JSON.stringify(decision.request) : received!.raw;
    const headers = toAnthropic ? core.anthropicHeaders(req.headers) : core.openaiHeaders;

    const plan: RelayPlan = {
      style,
      endpoint,
      translate,
      transform: decision.transform,
      model,
      stream: request.stream === true,
      stallMs: core.timeoutMs,
      requestBody: received!.raw,
    };
    // A client that hangs up before the answer aborts the upstream request at once: no upstream connection is held
    // for nobody, and the exchange is recorded as 499.
    const hangUp = new HangUpSignal();
    hangUp.watch(client);
    const sent = performance.now();
    let outcome: RelayOutcome;
    try {
      const res = await upstream.request('POST', path, headers, upstreamBody, hangUp);
      core.metrics.upstreamLatency.observe({ endpoint }, (performance.now() - sent) / 1000);
      const ct = res.headers['content-type'];
      if (res.statusCode < 300 && typeof ct === 'string' && ct.includes('text/event-stream')) {
        outcome = await relayStream(res, client, plan);
      } else {
        const relayed = await relayBuffered(res, plan);
        if (hangUp.aborted) outcome = { status: 499, error: CLIENT_GONE, summary: relayed.outcome.summary };
        else {
          sendRaw(client, relayed.reply.status, relayed.reply.contentType, relayed.reply.body);
          outcome = relayed.outcome;
        }
      }
    } catch (err) {
      if (hangUp.aborted) outcome = { status: 499, error: CLIENT_GONE };
      else {
        const failure = core.upstreamFailed(err);
        core.metrics.denials.inc({ reason: failure.status === 504 ? 'upstream_timeout' : 'upstream_unreachable' });
        core.sendError(client, style, failure.status, failure.message);
        outcome = { status: failure.status, error: failure.message };
      }
    } finally {
      hangUp.unwatch(client);
    }
    core.record(state.start, who, model, request, outcome);
  };
}
