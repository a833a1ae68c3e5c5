/**
 * The demo upstream's OpenAI Responses API: a reasoning item (its summary) then a message or a function call, whole
 * or as the typed event stream the official SDKs read (response.created, output items, reasoning summary and text
 * deltas, response.completed with usage), with `max_output_tokens` ending a response as `incomplete`.
 */
import type { ServerResponse } from 'node:http';
import { normalizeRequest } from '../../exchange/normalize.js';
import { demoAnswer, demoTokens, streamPieces } from './answers.js';
import { demoId, sendJson, startEventStream, type Json } from './http.js';

export async function answerResponse(body: Json, res: ServerResponse, chunkDelayMs: number): Promise<void> {
  const model = typeof body.model === 'string' ? body.model : 'demo-1';
  const req = normalizeRequest(body, 'responses');
  const prompt = `${req.system}\n${req.turns.map((t) => t.text).join('\n')}`;
  const a = demoAnswer(prompt, req.toolNames, 0, req.lastUserText || prompt);
  const id = demoId('resp');
  const words = a.text.split(' ');
  const cut = req.maxTokens !== null && words.length > req.maxTokens;
  const text = cut ? words.slice(0, req.maxTokens!).join(' ') : a.text;

  const reasoningItem = { id: `rs_${id}`, type: 'reasoning', summary: [{ type: 'summary_text', text: a.reasoning }] };
  const answerItem: Json = a.toolCall
    ? { id: `fc_${id}`, type: 'function_call', status: 'completed', call_id: `call_${id}`, name: a.toolCall.name, arguments: a.toolCall.arguments }
    : { id: `msg_${id}`, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [], logprobs: [] }] };
  const inputTokens = demoTokens(prompt);
  const reasoningTokens = demoTokens(a.reasoning);
  const outputTokens = reasoningTokens + demoTokens(a.toolCall ? a.toolCall.arguments : text);
  const response = (status: string, output: Json[], usage: Json | null): Json => ({
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model,
    output,
    instructions: body.instructions ?? null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    error: null,
    parallel_tool_calls: true,
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    reasoning: body.reasoning ?? null,
    usage,
  });
  const usage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  };
  const status = cut ? 'incomplete' : 'completed';
  if (body.stream !== true) {
    sendJson(res, 200, response(status, [reasoningItem, answerItem], usage));
    return;
  }

  const events = startEventStream(res, chunkDelayMs);
  let sequence = 0;
  const send = (type: string, data: Json) =>
    events.send(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`);
  await send('response.created', { response: response('in_progress', [], null) });
  await send('response.in_progress', { response: response('in_progress', [], null) });

  const rs = { item_id: reasoningItem.id, output_index: 0, summary_index: 0 };
  await send('response.output_item.added', { output_index: 0, item: { ...reasoningItem, summary: [] } });
  await send('response.reasoning_summary_part.added', { ...rs, part: { type: 'summary_text', text: '' } });
  for (const piece of streamPieces(a.reasoning)) await send('response.reasoning_summary_text.delta', { ...rs, delta: piece });
  await send('response.reasoning_summary_text.done', { ...rs, text: a.reasoning });
  await send('response.reasoning_summary_part.done', { ...rs, part: { type: 'summary_text', text: a.reasoning } });
  await send('response.output_item.done', { output_index: 0, item: reasoningItem });

  if (a.toolCall) {
    const fc = { item_id: answerItem.id, output_index: 1 };
    await send('response.output_item.added', { output_index: 1, item: { ...answerItem, status: 'in_progress', arguments: '' } });
    await send('response.function_call_arguments.delta', { ...fc, delta: a.toolCall.arguments });
    await send('response.function_call_arguments.done', { ...fc, arguments: a.toolCall.arguments });
  } else {
    const part = { item_id: answerItem.id, output_index: 1, content_index: 0 };
    await send('response.output_item.added', { output_index: 1, item: { ...answerItem, status: 'in_progress', content: [] } });
    await send('response.content_part.added', { ...part, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
    for (const piece of streamPieces(text)) await send('response.output_text.delta', { ...part, delta: piece, logprobs: [] });
    await send('response.output_text.done', { ...part, text, logprobs: [] });
    await send('response.content_part.done', { ...part, part: { type: 'output_text', text, annotations: [], logprobs: [] } });
  }
  await send('response.output_item.done', { output_index: 1, item: answerItem });
  await send(cut ? 'response.incomplete' : 'response.completed', { response: response(status, [reasoningItem, answerItem], usage) });
  events.end();
}
