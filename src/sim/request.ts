/** Shapes a draft into the body a real SDK would send: OpenAI Chat Completions or Anthropic Messages. */
import type { Draft } from './draft.js';

type Body = Record<string, unknown>;

function openaiBody(model: string, d: Draft): Body {
  const messages: Body[] = [];
  if (d.system) messages.push({ role: 'system', content: d.system });
  for (const t of d.turns) {
    if (t.role === 'user') {
      if (t.images && t.images.length > 0)
        messages.push({
          role: 'user',
          content: [{ type: 'text', text: t.text }, ...t.images.map((url) => ({ type: 'image_url', image_url: { url } }))],
        });
      else messages.push({ role: 'user', content: t.text });
    } else if (t.role === 'assistant') {
      if (t.toolCall)
        messages.push({
          role: 'assistant',
          content: t.text || null,
          tool_calls: [{ id: t.toolCall.id, type: 'function', function: { name: t.toolCall.name, arguments: t.toolCall.args } }],
        });
      else messages.push({ role: 'assistant', content: t.text });
    } else messages.push({ role: 'tool', tool_call_id: t.id, content: t.text });
  }
  const body: Body = { model, messages };
  if (d.tools) body.tools = d.tools.map((f) => ({ type: 'function', function: f }));
  if (d.maxTokens !== undefined) body.max_tokens = d.maxTokens;
  if (d.temperature !== undefined) body.temperature = d.temperature;
  if (d.n !== undefined && d.n > 1) body.n = d.n;
  if (d.logprobs) {
    body.logprobs = true;
    body.top_logprobs = 5;
  }
  if (d.stream) body.stream = true;
  if (d.think) body.reasoning_effort = 'high';
  return body;
}

function anthropicBody(model: string, d: Draft): Body {
  const messages: Body[] = [];
  for (const t of d.turns) {
    if (t.role === 'user') {
      if (t.images && t.images.length > 0)
        messages.push({
          role: 'user',
          content: [...t.images.map((url) => ({ type: 'image', source: { type: 'url', url } })), { type: 'text', text: t.text }],
        });
      else messages.push({ role: 'user', content: t.text });
    } else if (t.role === 'assistant') {
      if (t.toolCall)
        messages.push({
          role: 'assistant',
          content: [
            ...(t.text ? [{ type: 'text', text: t.text }] : []),
            { type: 'tool_use', id: t.toolCall.id, name: t.toolCall.name, input: safeJson(t.toolCall.args) },
          ],
        });
      else messages.push({ role: 'assistant', content: t.text });
    } else messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: t.id, content: t.text }] });
  }
  const body: Body = { model, max_tokens: d.maxTokens ?? 4096, messages };
  if (d.system) body.system = d.system;
  if (d.tools) body.tools = d.tools.map((f) => ({ name: f.name, description: f.description, input_schema: f.parameters }));
  if (d.temperature !== undefined) body.temperature = d.temperature;
  if (d.stream) body.stream = true;
  if (d.think) body.thinking = { type: 'enabled', budget_tokens: 8000 };
  return body;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { raw: text };
  }
}

export function requestBody(endpoint: string, model: string, d: Draft): Body {
  return endpoint === 'messages' ? anthropicBody(model, d) : openaiBody(model, d);
}
