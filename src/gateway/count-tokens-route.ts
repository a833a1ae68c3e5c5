/**
 * `POST /v1/messages/count_tokens` (Anthropic): relayed to the Anthropic upstream when one is configured, otherwise
 * answered by the gateway itself with a count from its tokenizer (gpt-tokenizer's o200k encoding over the system
 * prompt, the turns and the tool definitions: an estimate for other models' tokenizers).
 *
 * Authenticated like every route, but neither guarded nor recorded as an exchange: a token count returns no model
 * output, so there is nothing to harvest or withhold, and clients such as coding agents send one before many of
 * their Messages calls: recording them would count each prompt twice and inflate the account's rate and template
 * repetition. Refusals (bad key, bad body) are counted in the metrics like on every route.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { anthropicCountTokensRequestSchema } from '../exchange/api-bodies.js';
import { normalizeRequest } from '../exchange/normalize.js';
import { describeSchemaError } from './completion-route.js';
import type { GatewayCore } from './gateway-core.js';
import { COUNT_TOKENS_ENDPOINT } from './relayed-routes.js';
import type { ReceivedBody } from './request-state.js';
import { countPromptTokens, countTextTokens } from './token-count.js';
import { nonJsonBodyMessage, parseUpstreamJson } from './upstream.js';

/** The gateway's own count of what a Messages body puts before the model. */
export function countMessagesTokens(body: Record<string, unknown>): number {
  const tools = Array.isArray(body.tools) && body.tools.length > 0 ? countTextTokens(JSON.stringify(body.tools)) : 0;
  return countPromptTokens(normalizeRequest(body, 'messages')) + tools;
}

export function countTokensHandler(core: GatewayCore) {
  return async function countTokens(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const received = req.body as ReceivedBody | undefined;
    const checked = anthropicCountTokensRequestSchema.safeParse(received?.json);
    let status: number;
    if (!checked.success) {
      status = 400;
      core.metrics.denials.inc({ reason: 'invalid_request' });
      core.sendError(reply, 'anthropic', status, describeSchemaError(checked.error));
    } else if (core.anthropic === null) {
      status = 200;
      reply.code(200).header('content-type', 'application/json').send(JSON.stringify({ input_tokens: countMessagesTokens(checked.data) }));
    } else {
      try {
        const res = await core.anthropic.request('POST', '/messages/count_tokens', core.anthropicHeaders(req.headers), received!.raw);
        const raw = Buffer.from(await res.body.arrayBuffer());
        status = res.statusCode;
        if (parseUpstreamJson(raw) !== undefined) reply.code(status).header('content-type', 'application/json').send(raw);
        else {
          if (status < 300) status = 502;
          const contentType = String(res.headers['content-type'] ?? '');
          core.sendError(reply, 'anthropic', status, nonJsonBodyMessage(res.statusCode, contentType, raw));
        }
      } catch (err) {
        const failure = core.upstreamFailed(err);
        status = failure.status;
        core.sendError(reply, 'anthropic', status, failure.message);
      }
    }
    core.metrics.requests.inc({ endpoint: COUNT_TOKENS_ENDPOINT, status });
  };
}
