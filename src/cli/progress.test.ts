import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineProgress } from './progress.js';

function clocked(intervalMs: number) {
  let t = 0;
  const lines: string[] = [];
  const progress = lineProgress('scan', 'bytes', { write: (l) => lines.push(l), intervalMs, now: () => t });
  return { progress, lines, advance: (ms: number) => void (t += ms) };
}

test('a run shorter than the interval prints nothing, not even when it stops', () => {
  const { progress, lines, advance } = clocked(30_000);
  progress.update(1e6, 4e6, 'exchanges: 10');
  advance(29_000);
  progress.update(3e6, 4e6, 'exchanges: 30');
  progress.stop();
  assert.deepEqual(lines, []);
});

test('a long run prints a line per interval, and its last state when it stops if that was not printed', () => {
  const { progress, lines, advance } = clocked(30_000);
  progress.update(0, 38_939_101_441, '');
  advance(30_000);
  progress.update(1_204_300_000, 38_939_101_441, 'exchanges: 1032117');
  advance(10_000);
  progress.update(1_500_000_000, 38_939_101_441, 'exchanges: 1300000');
  advance(3_600_000);
  progress.update(38_939_101_441, 38_939_101_441, 'exchanges: 33363648');
  assert.deepEqual(lines, [
    'scan: 1204.3/38939.1 MB (3%), 30 s, exchanges: 1032117\n',
    'scan: 38939.1/38939.1 MB (100%), 1 h 0 min, exchanges: 33363648\n',
  ]);
  advance(1_000);
  progress.update(38_939_101_441, 38_939_101_441, 'clusters');
  progress.stop();
  assert.equal(lines.at(-1), 'scan: 38939.1/38939.1 MB (100%), 1 h 0 min, clusters\n');
  assert.equal(lines.length, 3);
});

test('stopping right after a printed line prints nothing more', () => {
  const { progress, lines, advance } = clocked(30_000);
  advance(30_000);
  progress.update(7, 10, '');
  progress.stop();
  assert.deepEqual(lines, ['scan: 0.0/0.0 MB (70%), 30 s\n']);
});

test('lines without a total or a unit', () => {
  const lines: string[] = [];
  let t = 0;
  const progress = lineProgress('export', 'lines', { write: (l) => lines.push(l), intervalMs: 1000, now: () => (t += 1000) });
  progress.update(5, null);
  assert.deepEqual(lines, ['export: 5 lines, 2 s\n']);
});
