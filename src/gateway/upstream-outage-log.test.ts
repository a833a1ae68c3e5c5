import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpstreamOutageLog } from './upstream-outage-log.js';

test('an outage is logged once, reminded once a minute, and its end is logged with the count', () => {
  const lines: string[] = [];
  const log = { error: (_o: object, msg: string) => void lines.push(`error ${msg}`), warn: (o: object, msg: string) => void lines.push(`warn ${msg} ${JSON.stringify(o)}`) };
  let now = 0;
  const outage = new UpstreamOutageLog(log as never, () => now);
  outage.answered();
  for (let i = 0; i < 1000; i++) {
    now += 100; // 1000 failed requests over 100 s
    outage.failed({ status: 502, message: 'the upstream model server is unreachable (ECONNREFUSED)' });
  }
  outage.answered();
  outage.answered();
  assert.deepEqual(lines, [
    'error upstream failing; further failures are counted until it answers again',
    'error upstream still failing',
    'warn upstream answering again {"failures":1000,"seconds":100}',
  ]);
  outage.failed({ status: 504, message: 'timeout' });
  assert.equal(lines.length, 4, 'a new outage is logged again');
});
