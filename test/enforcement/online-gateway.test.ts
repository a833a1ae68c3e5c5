/**
 * Online detection and enforcement end to end: a gateway on 127.0.0.1 with the default policy in front of the demo
 * upstream, called with the official SDKs (streaming and not) and through the admin API and the CLI.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import pino from 'pino';
import { resolveConfig } from '../../src/config/config.js';
import { loadDefaultPolicy } from '../../src/decide/policy.js';
import { fixtureLog } from '../../src/detect/testing/fixture-log.js';
import { startDemoUpstream, type DemoUpstream } from '../../src/gateway/demo-upstream/server.js';
import { attachOnlineEnforcement, type OnlineEnforcement } from '../../src/gateway/enforcement/online-enforcement.js';
import { replayExchanges } from '../../src/gateway/replay/replay.js';
import { Gateway } from '../../src/gateway/server.js';
import { deriveAccountKey, loadWatermarkSecret, watermarkText } from '../../src/protect/watermark/index.js';
import { verifyAudit } from '../../src/store/audit.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

const BIN = join(import.meta.dirname, '../../bin/hydrawatch.js');
const ADMIN = 'test-admin-token-123';
const PROMPT = 'Explain how a hash table handles collisions, in general.';

let upstream: DemoUpstream;
let gateway: Gateway;
let store: SqliteStore;
let online: OnlineEnforcement;
let url: string;
let dataDir: string;
const keys = new Map<string, string>();

async function keyFor(account: string): Promise<string> {
  let k = keys.get(account);
  if (!k) keys.set(account, (k = (await store.createKey(account)).secret));
  return k;
}
const openai = async (account: string) => new OpenAI({ apiKey: await keyFor(account), baseURL: `${url}/v1`, maxRetries: 0 });
const anthropic = async (account: string) => new Anthropic({ apiKey: await keyFor(account), baseURL: url, maxRetries: 0 });
const ask = { model: 'm-1', messages: [{ role: 'user' as const, content: PROMPT }] };

async function admin(body: Record<string, unknown>): Promise<{ status: number; json: { id?: string } }> {
  const res = await fetch(`${url}/admin/decisions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { id?: string } };
}

async function statusOf(account: string): Promise<number> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await keyFor(account)}`, 'content-type': 'application/json' },
    body: JSON.stringify(ask),
  });
  await res.arrayBuffer();
  return res.status;
}

before(async () => {
  // A fixed secret whose watermark visibly changes the demo answer below (tested: 3 substitutions).
  process.env.HYDRAWATCH_WATERMARK_SECRET = 'online-gateway-test-secret';
  dataDir = mkdtempSync(join(tmpdir(), 'hw-online-'));
  upstream = await startDemoUpstream();
  const config = resolveConfig(
    { upstream: { url: upstream.url }, server: { port: 0, trust_proxy: ['127.0.0.1', '::1'] }, data: { dir: dataDir }, recorder: { flush_ms: 20 } },
    {},
  );
  store = new SqliteStore(dataDir);
  gateway = new Gateway({ config, store, logger: pino({ level: 'silent' }), processMetrics: false, trustEventTime: true });
  online = attachOnlineEnforcement({ gateway, db: store.db, policy: loadDefaultPolicy(), dataDir, adminToken: ADMIN, pollMs: 100 });
  await online.started;
  url = await gateway.listen();
});

after(async () => {
  await online.close();
  await gateway.close(2000);
  await store.close();
  await upstream.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('an analyst block made with the CLI in another process answers 403 within a second', async () => {
  assert.equal(await statusOf('acct_cli_block'), 200);
  const cli = await new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'decisions', 'add', '--account', 'acct_cli_block', '--action', 'block', '--ttl', '1h', '--reason', 'test', '--data', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
  assert.equal(cli.code, 0, cli.out);
  const t0 = performance.now();
  let status = 0;
  while (performance.now() - t0 < 3000 && (status = await statusOf('acct_cli_block')) !== 403) await new Promise((r) => setTimeout(r, 20));
  const ms = performance.now() - t0;
  assert.equal(status, 403);
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  const client = await anthropic('acct_cli_block');
  await assert.rejects(client.messages.create({ ...ask, max_tokens: 64 }), (e: InstanceType<typeof Anthropic.APIError>) => e.status === 403);
});

test('the admin API needs its token; a throttle answers 429 with Retry-After in the API shape', async () => {
  const denied = await fetch(`${url}/admin/decisions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(denied.status, 401);
  assert.equal((await admin({ account: 'acct_throttle', action: 'throttle', ttl: '1h', reason: 'test' })).status, 201);
  const client = await openai('acct_throttle');
  let limited: InstanceType<typeof OpenAI.APIError> | null = null;
  for (let i = 0; i < 8 && !limited; i++) {
    try {
      await client.chat.completions.create(ask);
    } catch (err) {
      limited = err as InstanceType<typeof OpenAI.APIError>;
    }
  }
  assert.ok(limited, 'never throttled');
  assert.equal(limited.status, 429);
  assert.equal((limited.error as { code?: string }).code, 'rate_limit_exceeded');
  assert.ok(Number(limited.headers?.get('retry-after')) >= 1);
});

test('a challenge answers 403 with a verification link', async () => {
  assert.equal((await admin({ account: 'acct_challenge', action: 'challenge', ttl: '1h' })).status, 201);
  const client = await openai('acct_challenge');
  await assert.rejects(client.chat.completions.create(ask), (e: InstanceType<typeof OpenAI.APIError>) => {
    const body = e.error as { code?: string; verification_url?: string };
    return e.status === 403 && body.code === 'verification_required' && /^https?:\/\//.test(body.verification_url ?? '');
  });
});

test('degrade withholds reasoning and keeps the answer, streaming and not, for both SDKs', async () => {
  const plainOpenAI = await (await openai('acct_plain')).chat.completions.create(ask);
  const plain = plainOpenAI.choices[0]!.message;
  assert.ok((plain as { reasoning_content?: string }).reasoning_content, 'the demo upstream sends reasoning');
  assert.equal((await admin({ account: 'acct_degrade', action: 'degrade', ttl: '1h' })).status, 201);

  const o = await openai('acct_degrade');
  const whole = (await o.chat.completions.create(ask)).choices[0]!.message;
  assert.equal(whole.content, plain.content);
  assert.equal((whole as { reasoning_content?: string }).reasoning_content, undefined);
  let text = '';
  let reasoning = '';
  for await (const chunk of await o.chat.completions.create({ ...ask, stream: true })) {
    const d = chunk.choices[0]?.delta as { content?: string; reasoning_content?: string } | undefined;
    text += d?.content ?? '';
    reasoning += d?.reasoning_content ?? '';
  }
  assert.equal(text, plain.content);
  assert.equal(reasoning, '');

  const a = await anthropic('acct_degrade');
  const plainMsg = await (await anthropic('acct_plain')).messages.create({ ...ask, max_tokens: 512 });
  assert.ok(plainMsg.content.some((b) => b.type === 'thinking'));
  const msg = await a.messages.create({ ...ask, max_tokens: 512 });
  assert.ok(!msg.content.some((b) => b.type === 'thinking'));
  const textOf = (m: typeof msg) => m.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
  assert.equal(textOf(msg), textOf(plainMsg));
  const streamed = await a.messages.stream({ ...ask, max_tokens: 512 }).finalMessage();
  assert.ok(!streamed.content.some((b) => b.type === 'thinking'));
  assert.equal(textOf(streamed), textOf(plainMsg));
});

test('watermark: the served text is the account\'s watermark of the answer, streaming and not', async () => {
  const plain = (await (await openai('acct_plain')).chat.completions.create(ask)).choices[0]!.message.content!;
  assert.equal((await admin({ account: 'acct_wm', action: 'watermark', ttl: '1h' })).status, 201);
  const o = await openai('acct_wm');
  const whole = (await o.chat.completions.create(ask)).choices[0]!.message.content!;
  assert.notEqual(whole, plain);
  assert.equal(whole, watermarkText(plain, deriveAccountKey(loadWatermarkSecret(dataDir), 'acct_wm')));
  let streamed = '';
  for await (const chunk of await o.chat.completions.create({ ...ask, stream: true })) streamed += chunk.choices[0]?.delta?.content ?? '';
  assert.equal(streamed, whole);
});

test('detection flags a harvesting stream, the policy acts on it automatically; an allowlisted twin is never touched', async () => {
  const fx = fixtureLog(1, 2);
  const harvest = fx.exchanges.filter((e) => e.account === fx.harvester).slice(0, 70);
  const humans = fx.exchanges.filter((e) => e.account !== fx.harvester).slice(0, 40);
  const twin = harvest.map((e) => ({ ...e, id: `${e.id}_twin`, account: 'harvest_allowlisted' }));
  const exchanges = [...harvest, ...humans, ...twin];
  const accounts = [...fx.accounts, { id: 'harvest_allowlisted', created: fx.accounts.at(-1)!.created, tier: 'free' as const, verification: 'none' as const, allowlisted: true }];
  const answers = new Map<string, number[]>();
  const result = await replayExchanges({
    gatewayUrl: url,
    store,
    exchanges,
    accounts,
    concurrency: 1,
    sendEventTime: true,
    onAnswer: (ex, status) => answers.set(ex.account, [...(answers.get(ex.account) ?? []), status]),
  });
  assert.equal(result.failed, 0);
  const active = store.db.prepare("SELECT target_id, action, rule, source FROM decisions WHERE source = 'policy'").all() as { target_id: string; action: string; rule: string }[];
  const on = (id: string) => active.filter((d) => d.target_id === id).map((d) => d.action).sort();
  assert.ok(on(fx.harvester).includes('degrade'), JSON.stringify(active));
  assert.ok(on(fx.harvester).includes('throttle'));
  assert.deepEqual(on('harvest_allowlisted'), []);
  for (const h of fx.humans) assert.deepEqual(on(h), []);
  // Enforced once the verdict appeared: from the first refusal on, every later request was refused (blocked at
  // score >= 0.95). Detection runs off the request path, so how many requests pass before it varies with load.
  const statuses = answers.get(fx.harvester)!;
  const refused = (s: number) => s === 403 || s === 429;
  const firstRefused = statuses.findIndex(refused);
  assert.ok(firstRefused > 0, statuses.join(','));
  assert.ok(statuses.slice(firstRefused).every(refused), statuses.join(','));
  assert.ok(answers.get('harvest_allowlisted')!.every((s) => s === 200));
  for (const h of fx.humans) assert.ok((answers.get(h) ?? []).every((s) => s === 200));
  await online.flush();
  assert.equal(online.detection!.view(fx.harvester)?.verdict, 'distillation');
  assert.ok(refused(await statusOf(fx.harvester)));
  // Each automatic decision links to its evidence, served by the admin API from the live detector.
  const { evidence } = store.db.prepare("SELECT evidence FROM decisions WHERE source = 'policy' AND target_id = ?").get(fx.harvester) as { evidence: string };
  const res = await fetch(`${url}${evidence}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  assert.equal(res.status, 200, evidence);
  const shown = (await res.json()) as { id: string; verdict: string; reasons: unknown[] };
  assert.equal(shown.id, fx.harvester);
  assert.equal(shown.verdict, 'distillation');
  assert.ok(shown.reasons.length > 0);
});

test('the audit log verifies after all of it', () => {
  const v = verifyAudit(store.db);
  assert.equal(v.ok, true, JSON.stringify(v));
  assert.ok((v as { entries: number }).entries >= 6);
});
