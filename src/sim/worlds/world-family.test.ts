import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawWorld, JUDGING_SEEDS, CALIBRATION_SEEDS } from './world-family.js';

test('a seed gives one world; different seeds draw different tactics and sizes', () => {
  assert.deepEqual(drawWorld(101), drawWorld(101));
  const worlds = [...CALIBRATION_SEEDS, ...JUDGING_SEEDS].map((s) => drawWorld(s));
  assert.ok(new Set(worlds.map((w) => JSON.stringify(w.campaigns.map((c) => c.tactics)))).size === worlds.length);
  assert.ok(new Set(worlds.map((w) => w.populations.eval?.accounts)).size > 3);
  const sharing = new Set(worlds.flatMap((w) => w.campaigns.map((c) => c.tactics?.payment_sharing)).filter((x) => x !== undefined));
  assert.ok(sharing.has(0) && sharing.has(1), 'payment sharing spans none to all');
});

test('every world holds the agentic-coding harvest and hard benign segments large enough to measure 1% over five draws', () => {
  let evalRunners = 0;
  for (const seed of JUDGING_SEEDS) {
    const w = drawWorld(seed);
    assert.ok(w.campaigns.some((c) => c.archetype === 'agentic-coding' && c.accounts >= 150), `world ${seed} has the agentic-coding harvest`);
    assert.ok(w.campaigns.length >= 3);
    evalRunners += w.populations.eval!.accounts;
    for (const seg of ['batch', 'app', 'coding_agent', 'research'] as const) assert.ok(w.populations[seg]!.accounts >= 30, `${seg} in world ${seed}`);
    assert.ok((w.populations.eval!.verified ?? 1) <= 0.2, 'most evaluation runners are unverified');
  }
  assert.ok(evalRunners >= 300, `${evalRunners} evaluation runners over the judging family`);
});

test('leave-one-archetype-out: without drops the archetype, only keeps it alone', () => {
  const w = drawWorld(3, { without: ['agentic-coding'] });
  assert.ok(w.campaigns.every((c) => c.archetype !== 'agentic-coding') && w.campaigns.length > 0);
  const o = drawWorld(3, { only: ['low-and-slow'] });
  assert.deepEqual(o.campaigns.map((c) => c.archetype), ['low-and-slow']);
  const half = drawWorld(3, { scale: 0.5 }).populations.chat!.accounts;
  assert.ok(Math.abs(half * 2 - drawWorld(3).populations.chat!.accounts) <= 1, 'scale halves the populations');
});
