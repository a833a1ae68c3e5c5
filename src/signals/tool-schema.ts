/**
 * A fingerprint of the tools a request declares (its `tools`), normalised so that it names the tool set's structure
 * and not its prose: tool names and parameter names (lower-cased), which parameters are required, and the parameters'
 * shapes (types, nesting, arrays, enums by their size), in any order of tools and properties. Descriptions and enum
 * values are left out, so rewording a description or re-ordering the list keeps the fingerprint; adding, removing or
 * renaming a tool or a parameter changes it. OpenAI Chat Completions (`{type, function: {name, parameters}}`),
 * Responses (`{type, name, parameters}`) and Anthropic (`{name, input_schema}`) shapes give the same fingerprint for
 * the same tools; built-in tools (`{type: "web_search"}`) count by their type.
 */
import { fnv1a32 } from './hash.js';

/** Tools read per request, properties per object and nesting depth: real tool sets are far smaller. */
const MAX_TOOLS = 128;
const MAX_PROPERTIES = 64;
const MAX_DEPTH = 6;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `tools-` and 16 hex digits, or null when the request declares no tool. */
export function toolSchemaFingerprint(tools: unknown): string | null {
  const canonical = canonicalToolSet(tools);
  if (canonical === null) return null;
  const a = fnv1a32(canonical);
  const b = fnv1a32(canonical, 0x01000193 ^ a);
  return `tools-${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

/** The normalised text the fingerprint hashes (exported for tests and for people checking a fingerprint). */
export function canonicalToolSet(tools: unknown): string | null {
  if (!Array.isArray(tools)) return null;
  const entries: string[] = [];
  for (const tool of tools.slice(0, MAX_TOOLS)) {
    const entry = canonicalTool(tool);
    if (entry !== null) entries.push(entry);
  }
  if (entries.length === 0) return null;
  return entries.sort().join(';');
}

function canonicalTool(tool: unknown): string | null {
  if (!isObject(tool)) return null;
  const fn = isObject(tool.function) ? tool.function : tool;
  const name = typeof fn.name === 'string' ? fn.name : typeof tool.type === 'string' ? tool.type : null;
  if (name === null) return null;
  const params = fn.parameters ?? fn.input_schema ?? tool.input_schema;
  return `${name.trim().toLowerCase()}(${params === undefined ? '' : shapeOf(params, 0)})`;
}

/** The shape of a JSON schema: `{a!:string,b:[number]}`, `string|null`, `enum3`, `?` for what cannot be read. */
function shapeOf(schema: unknown, depth: number): string {
  if (!isObject(schema) || depth > MAX_DEPTH) return '?';
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) {
    return alternatives.slice(0, MAX_PROPERTIES).map((s) => shapeOf(s, depth + 1)).sort().join('|');
  }
  if (Array.isArray(schema.enum)) return `enum${schema.enum.length}`;
  const type = Array.isArray(schema.type)
    ? schema.type.filter((t): t is string => typeof t === 'string').sort().join('|')
    : typeof schema.type === 'string'
      ? schema.type
      : '';
  if (isObject(schema.properties)) {
    const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : []);
    const props = Object.keys(schema.properties)
      .sort()
      .slice(0, MAX_PROPERTIES)
      .map((key) => `${key.toLowerCase()}${required.has(key) ? '!' : ''}:${shapeOf((schema.properties as Record<string, unknown>)[key], depth + 1)}`)
      .sort();
    return `{${props.join(',')}}`;
  }
  if (type === 'array' || schema.items !== undefined) return `[${shapeOf(schema.items, depth + 1)}]`;
  return type === '' ? '?' : type;
}

const FINGERPRINT = /^tools-[0-9a-f]{16}$/;

/**
 * The tool-schema fingerprint of a recorded exchange: computed from `request.tools`, or, for an exchange the gateway
 * reduced to its signals (privacy mode, retention), read from its `signals.tool_schema`. Null when it declares none.
 */
export function exchangeToolSchema(exchange: { request: Record<string, unknown> }): string | null {
  const fromTools = toolSchemaFingerprint(exchange.request['tools']);
  if (fromTools !== null) return fromTools;
  const signals = (exchange as { signals?: unknown }).signals;
  const stored = isObject(signals) ? signals['tool_schema'] : undefined;
  return typeof stored === 'string' && FINGERPRINT.test(stored) ? stored : null;
}
