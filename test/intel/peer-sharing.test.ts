/**
 * Two providers sharing a campaign end to end: provider A scans the `smoke` traffic with clusters, exports the
 * campaigns as STIX with a sharing secret; provider B imports the bundle and scans the same accounts' traffic with
 * per-account detection only. B must catch more of the campaign than it would alone, flag no benign account on the
 * peer's word, and explain each match.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { scanLog } from '../../src/detect/scan.js';
import { Watchlist } from '../../src/detect/watchlist.js';
import { exportCampaigns } from '../../src/intel/export-campaigns.js';
import { sharingKey } from '../../src/intel/sharing-key.js';
import { importBundle } from '../../src/intel/stix-import.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { simulate } from '../../src/sim/simulate.js';
import { writeFile } from 'node:fs/promises';

const dir = mkdtempSync(join(tmpdir(), 'hw-intel-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a peer bundle raises recall without flagging anyone on the peer\'s word alone', async () => {
  const out = simulate(loadScenario('smoke'), { out: dir });
  const files = { log: out.files.exchanges, accounts: out.files.accounts, releases: out.files.releases };
  const labels = new Map(
    readFileSync(join(dir, 'labels.jsonl'), 'utf8').trim().split('\n').map((l) => {
      const { account, label } = JSON.parse(l) as { account: string; label: string };
      return [account, label];
    }),
  );
  const key = sharingKey('shared between lab A and lab B, 2026');

  const reportA = await scanLog(files);
  const reportPath = join(dir, 'report-a.json');
  await writeFile(reportPath, JSON.stringify(reportA));
  const { bundle, campaigns } = await exportCampaigns(
    { report: reportPath, log: files.log, accounts: files.accounts },
    { producer: 'Lab A', tlp: 'amber', key, now: Date.parse(reportA.generated_at) },
  );
  assert.ok(campaigns >= 1, 'lab A found campaigns to share');

  const { entries } = importBundle(bundle, -Infinity);
  const alone = await scanLog({ ...files, clusters: false });
  const helped = await scanLog({ ...files, clusters: false, watchlist: new Watchlist(entries, key) });
  const caught = (r: typeof alone) => r.accounts.filter((a) => a.verdict === 'distillation' && labels.get(a.id) === 'distillation').length;
  const falsePositives = (r: typeof alone) => r.accounts.filter((a) => a.verdict === 'distillation' && labels.get(a.id) === 'benign').map((a) => a.id);
  assert.ok(caught(helped) > caught(alone), `recall with the peer's indicators: ${caught(helped)} vs ${caught(alone)} alone`);
  assert.deepEqual(falsePositives(helped), falsePositives(alone), 'no benign account is flagged on peer indicators');
  for (const a of helped.accounts) {
    const peer = a.reasons.find((r) => r.signal === 'peer_indicator');
    const before = alone.accounts.find((b) => b.id === a.id)!;
    if (before.verdict === 'benign') assert.equal(a.verdict, 'benign', `${a.id}: a peer match alone never condemns`);
    if (a.verdict !== before.verdict) assert.match(peer?.detail ?? '', /matches \d+ indicators? shared by Lab A/);
  }
});
