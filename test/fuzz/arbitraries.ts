/**
 * Generators of valid inputs for the parsers' fuzz tests: exchanges (the exchange-log line), API request bodies
 * (OpenAI Chat Completions, Anthropic Messages, OpenAI Responses) and account and release records. Each produces
 * values the format accepts, with every optional field sometimes present and unknown fields that must be kept.
 */
import fc from 'fast-check';
import { TIERS, VERIFICATIONS } from '../../src/exchange/account.js';
import { ENDPOINTS, exchangeSchema } from '../../src/exchange/exchange.js';
import { dropNullOptionals } from '../../src/exchange/null-absent.js';
import { anyCodeUnits, hostileKey, ownObject } from './fuzz.js';

/** Non-empty text of any code units (lone surrogates included: JSON carries them as `\ud800`). */
const name = fc.oneof(fc.string({ minLength: 1, maxLength: 24 }), anyCodeUnits(24).filter((s) => s.length > 0));
const text = fc.oneof(fc.string({ maxLength: 60 }), anyCodeUnits(60));

/** RFC 3339 instants as producers write them: `toISOString`, without milliseconds, with a numeric offset. */
export const rfc3339 = fc
  .tuple(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }), fc.nat({ max: 2 }), fc.integer({ min: -12, max: 14 }))
  .map(([d, form, hours]) => {
    const iso = d.toISOString();
    if (form === 0) return iso;
    if (form === 1) return `${iso.slice(0, 19)}Z`;
    const sign = hours < 0 ? '-' : '+';
    return `${iso.slice(0, 19)}${sign}${String(Math.abs(hours)).padStart(2, '0')}:30`;
  });

/** Unknown fields a producer may add (kept and ignored); never one of the format's own names. */
const extraFields = (own: readonly string[]) =>
  fc.array(fc.tuple(hostileKey().filter((k) => !own.includes(k)), fc.jsonValue({ maxDepth: 2 })), { maxLength: 3 }).map(ownObject);

const EXCHANGE_FIELDS = ['id', 'ts', 'account', 'org', 'key', 'ip', 'user_agent', 'client_fp', 'access_path', 'model', 'endpoint', 'request', 'response'];

const count = fc.nat({ max: 2 ** 31 });

export const exchangeResponse = fc.record(
  {
    status: fc.integer({ min: 100, max: 599 }),
    text,
    reasoning: text,
    tool_calls: count,
    input_tokens: count,
    output_tokens: count,
    reasoning_tokens: count,
    finish_reason: fc.option(fc.constantFrom('stop', 'length', 'tool_calls', 'content_filter'), { nil: null }),
    latency_ms: fc.double({ min: 0, max: 1e7, noNaN: true }),
    error: text,
  },
  { requiredKeys: ['status'] },
);

/** A valid exchange-log record (the parsed form of one line). */
export const validExchange: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.record(
      {
        id: name,
        ts: rfc3339,
        account: name,
        org: text,
        key: text,
        ip: fc.oneof(fc.ipV4(), fc.ipV6()),
        user_agent: text,
        client_fp: text,
        access_path: text,
        model: name,
        endpoint: fc.oneof(fc.constantFrom(...ENDPOINTS), name),
        request: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
        response: exchangeResponse,
      },
      { requiredKeys: ['id', 'ts', 'account', 'ip', 'model', 'endpoint', 'request', 'response'] },
    ),
    extraFields(EXCHANGE_FIELDS),
  )
  .map(([known, extra]) => ({ ...extra, ...known }));

const role = fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool');
const textPart = fc.record({ type: fc.constant('text'), text });
const imagePart = fc.record({ type: fc.constant('image_url'), image_url: fc.record({ url: fc.webUrl() }) });

/** A valid OpenAI Chat Completions request body. */
export const openAIChatBody = fc.record(
  {
    model: name,
    messages: fc.array(fc.record({ role, content: fc.oneof(text, fc.array(fc.oneof(textPart, imagePart), { maxLength: 3 }), fc.constant(null)) }), {
      minLength: 1,
      maxLength: 5,
    }),
    stream: fc.boolean(),
    n: fc.integer({ min: 1, max: 8 }),
    max_tokens: fc.option(fc.integer({ min: 1, max: 2 ** 20 }), { nil: null }),
    temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: null }),
    logprobs: fc.option(fc.boolean(), { nil: null }),
    top_logprobs: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
    tools: fc.array(fc.record({ type: fc.constant('function'), function: fc.record({ name }) }), { maxLength: 3 }),
  },
  { requiredKeys: ['model', 'messages'] },
);

const anthropicBlock = fc.oneof(
  textPart,
  fc.record({ type: fc.constant('image'), source: fc.record({ type: fc.constant('base64'), data: fc.base64String({ maxLength: 16 }) }) }),
  fc.record({ type: fc.constant('tool_result'), tool_use_id: name, content: fc.oneof(text, fc.array(textPart, { maxLength: 2 })) }),
);

/** A valid Anthropic Messages request body. */
export const anthropicMessagesBody = fc.record(
  {
    model: name,
    max_tokens: fc.integer({ min: 1, max: 2 ** 20 }),
    messages: fc.array(fc.record({ role: fc.constantFrom('user', 'assistant'), content: fc.oneof(text, fc.array(anthropicBlock, { maxLength: 3 })) }), {
      minLength: 1,
      maxLength: 5,
    }),
    system: fc.oneof(text, fc.array(textPart, { maxLength: 2 })),
    stream: fc.boolean(),
    temperature: fc.double({ min: 0, max: 1, noNaN: true }),
    tools: fc.array(fc.record({ name, input_schema: fc.constant({ type: 'object' }) }), { maxLength: 3 }),
    thinking: fc.record({ type: fc.constantFrom('enabled', 'disabled'), budget_tokens: fc.integer({ min: 1024, max: 32_000 }) }),
  },
  { requiredKeys: ['model', 'max_tokens', 'messages'] },
);

/** A valid OpenAI Responses request body. */
export const responsesBody = fc.record(
  {
    model: name,
    instructions: text,
    input: fc.oneof(text, fc.array(fc.record({ role: fc.constantFrom('user', 'assistant', 'developer'), content: fc.oneof(text, fc.array(textPart, { maxLength: 2 })) }), { maxLength: 4 })),
    max_output_tokens: fc.integer({ min: 1, max: 2 ** 20 }),
    reasoning: fc.record({ effort: fc.constantFrom('low', 'medium', 'high') }),
    stream: fc.boolean(),
  },
  { requiredKeys: ['model', 'input'] },
);

const ACCOUNT_FIELDS = ['id', 'org', 'created', 'country', 'email_domain', 'payment', 'verification', 'tier', 'allowlisted', 'owner_country'];

/** A valid accounts-file record. */
export const validAccount: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.record(
      {
        id: name,
        org: text,
        created: rfc3339,
        country: fc.stringMatching(/^[A-Z]{2}$/),
        email_domain: fc.domain(),
        payment: text,
        verification: fc.constantFrom(...VERIFICATIONS),
        tier: fc.constantFrom(...TIERS),
        allowlisted: fc.boolean(),
      },
      { requiredKeys: ['id'] },
    ),
    extraFields(ACCOUNT_FIELDS),
  )
  .map(([known, extra]) => ({ ...extra, ...known }));

/** A valid model-releases record. */
export const validRelease = fc.record({ model: name, released: rfc3339 });

/**
 * What a line means: its JSON, less an own `__proto__` key at the top, in `request` or in `response`, which the
 * validation drops (assigning it would replace the object's prototype instead of adding a field).
 */
export function expectedExchange(text: string): Record<string, unknown> {
  const value = JSON.parse(text) as Record<string, Record<string, unknown>>;
  for (const obj of [value, value.request, value.response]) if (obj && Object.hasOwn(obj, '__proto__')) delete obj['__proto__'];
  // Null in an optional field means absent (docs/formats.md): it is read back as no field at all.
  return dropNullOptionals(value, exchangeSchema);
}

export { EXCHANGE_FIELDS, ACCOUNT_FIELDS };
