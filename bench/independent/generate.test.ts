import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corporaDir, corporaSkip } from '../../src/sim/corpora-path.js';
import { exchangeSchema } from '../../src/exchange/exchange.js';
import { generateIndependent } from './generate.js';
import { loadPromptSets } from './prompt-sets.js';

const tmp = mkdtempSync(join(tmpdir(), 'hw-independent-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('a small world is valid, labelled, deterministic, and every campaign and hard segment sends', { skip: corporaSkip() }, () => {
  const sets = loadPromptSets(corporaDir()!);
  const a = generateIndependent(sets, { out: join(tmp, 'a'), seed: 7, scale: 0.05 });
  const b = generateIndependent(sets, { out: join(tmp, 'b'), seed: 7, scale: 0.05 });
  assert.equal(readFileSync(a.files.exchanges, 'utf8'), readFileSync(b.files.exchanges, 'utf8'));
  const labels = new Map(readFileSync(a.files.labels, 'utf8').trim().split('\n').map((l) => { const x = JSON.parse(l) as { account: string; campaign: string | null; segment: string }; return [x.account, x.campaign ?? x.segment]; }));
  const seen = new Set<string>();
  let last = '';
  for (const line of readFileSync(a.files.exchanges, 'utf8').trim().split('\n')) {
    const row = JSON.parse(line) as { account: string; ts: string };
    assert.ok(exchangeSchema.safeParse(row).success, line.slice(0, 200));
    assert.ok(row.ts >= last);
    last = row.ts;
    seen.add(labels.get(row.account)!);
  }
  for (const k of ['x-trace', 'x-forge', 'x-relay', 'x-drip', 'x-judge', 'eval', 'batch', 'app', 'coding_agent', 'campus', 'developer', 'chat']) assert.ok(seen.has(k), `${k} sends`);
});
