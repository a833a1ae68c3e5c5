/**
 * `GET /v1/models`: the upstream's model list, passed through for OpenAI clients and reshaped into the Anthropic
 * list format for Anthropic clients (recognised by their `anthropic-version` header) when no Anthropic upstream is
 * configured.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayCore } from './gateway-core.js';
import { nonJsonBodyMessage, parseUpstreamJson } from './upstream.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function toAnthropicModelList(body: unknown): Json {
  const data = isObject(body) && Array.isArray(body.data) ? body.data.filter(isObject) : [];
  const models = data.map((m) => ({
    type: 'model',
    id: String(m.id ?? ''),
    display_name: String(m.id ?? ''),
    created_at: new Date((typeof m.created === 'number' ? m.created : 0) * 1000).toISOString(),
  }));
  return { data: models, has_more: false, first_id: models[0]?.id ?? null, last_id: models.at(-1)?.id ?? null };
}

export function modelsHandler(core: GatewayCore) {
  return async function listModels(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const anthropicClient = typeof req.headers['anthropic-version'] === 'string';
    const native = anthropicClient && core.anthropic !== null;
    const upstream = native ? core.anthropic! : core.openai;
    const headers = native ? core.anthropicHeaders(req.headers) : core.openaiHeaders;
    const style = anthropicClient ? 'anthropic' : 'openai';
    try {
      const res = await upstream.request('GET', '/models', headers);
      const raw = Buffer.from(await res.body.arrayBuffer());
      const contentType = String(res.headers['content-type'] ?? 'application/json');
      const json = parseUpstreamJson(raw);
      if (json === undefined) {
        // An HTML or text page (a proxy's error page) reaches the client as an error in its API's shape.
        const status = res.statusCode < 300 ? 502 : res.statusCode;
        core.sendError(reply, style, status, nonJsonBodyMessage(res.statusCode, contentType, raw));
        return;
      }
      if (anthropicClient && !native && res.statusCode === 200) {
        reply.code(200).send(toAnthropicModelList(json));
        return;
      }
      reply.code(res.statusCode).header('content-type', contentType).send(raw);
    } catch (err) {
      const failure = core.upstreamFailed(err);
      core.sendError(reply, style, failure.status, failure.message);
    }
  };
}
