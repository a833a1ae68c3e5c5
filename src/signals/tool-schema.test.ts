import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalToolSet, exchangeToolSchema, toolSchemaFingerprint } from './tool-schema.js';

const readFile = {
  name: 'read_file',
  description: 'Read a file from the workspace.',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string', description: 'Path to read' }, lines: { type: 'array', items: { type: 'integer' } } },
    required: ['path'],
  },
};
const runShell = {
  name: 'run_shell',
  description: 'Run a shell command.',
  parameters: { type: 'object', properties: { cmd: { type: 'string' }, mode: { enum: ['fg', 'bg'] } }, required: ['cmd'] },
};

test('the same tools give one fingerprint in the OpenAI, Responses and Anthropic shapes, in any order', () => {
  const chat = [readFile, runShell].map((f) => ({ type: 'function', function: f }));
  const responses = [runShell, readFile].map((f) => ({ type: 'function', ...f }));
  const anthropic = [readFile, runShell].map((f) => ({ name: f.name, description: f.description, input_schema: f.parameters }));
  const fp = toolSchemaFingerprint(chat);
  assert.match(fp ?? '', /^tools-[0-9a-f]{16}$/);
  assert.equal(toolSchemaFingerprint(responses), fp);
  assert.equal(toolSchemaFingerprint(anthropic), fp);
  assert.equal(
    canonicalToolSet(chat),
    'read_file({lines:[integer],path!:string});run_shell({cmd!:string,mode:enum2})',
  );
});

test('reworded descriptions and enum values keep the fingerprint; a renamed, added or retyped parameter changes it', () => {
  const base = toolSchemaFingerprint([readFile, runShell]);
  const reworded = { ...readFile, description: 'Opens a file and returns its text.' };
  assert.equal(toolSchemaFingerprint([reworded, runShell]), base);
  const otherEnum = { ...runShell, parameters: { ...runShell.parameters, properties: { cmd: { type: 'string' }, mode: { enum: ['a', 'b'] } } } };
  assert.equal(toolSchemaFingerprint([readFile, otherEnum]), base);
  const renamed = { ...readFile, parameters: { ...readFile.parameters, properties: { file: { type: 'string' } }, required: ['file'] } };
  assert.notEqual(toolSchemaFingerprint([renamed, runShell]), base);
  assert.notEqual(toolSchemaFingerprint([readFile, runShell, { name: 'grep', parameters: {} }]), base);
  const retyped = { ...readFile, parameters: { ...readFile.parameters, required: [] } };
  assert.notEqual(toolSchemaFingerprint([retyped, runShell]), base);
});

test('no tools, or nothing readable, is null; built-in tools count by type; hostile nesting is bounded', () => {
  assert.equal(toolSchemaFingerprint(undefined), null);
  assert.equal(toolSchemaFingerprint([]), null);
  assert.equal(toolSchemaFingerprint([1, 'x', null]), null);
  assert.equal(toolSchemaFingerprint({ name: 'x' }), null);
  assert.equal(canonicalToolSet([{ type: 'web_search' }]), 'web_search()');
  let deep: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < 10_000; i++) deep = { type: 'object', properties: { x: deep } };
  assert.match(toolSchemaFingerprint([{ name: 'deep', parameters: deep }]) ?? '', /^tools-/);
});

test('a recorded exchange gives its fingerprint from its tools, or from the signals a privacy reduction kept', () => {
  const fp = toolSchemaFingerprint([readFile]);
  assert.equal(exchangeToolSchema({ request: { tools: [readFile] } }), fp);
  assert.equal(exchangeToolSchema({ request: {}, signals: { tool_schema: fp } } as never), fp);
  assert.equal(exchangeToolSchema({ request: {}, signals: { tool_schema: 'read_file' } } as never), null);
  assert.equal(exchangeToolSchema({ request: {}, signals: null } as never), null);
  assert.equal(exchangeToolSchema({ request: {} }), null);
});
