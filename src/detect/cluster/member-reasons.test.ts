import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINK_KINDS } from './link-kinds.js';
import type { LowAndSlowGroup } from './low-and-slow.js';
import { MemberVerdict, restatedVerdict, type MemberReasonFacts } from './member-reasons.js';

const lowSlow = { templateId: 't9', accounts: [1, 2, 3], medianExchanges: 14 } as unknown as LowAndSlowGroup;
const facts: MemberReasonFacts = {
  cluster: 'c_4',
  clusterVerdict: 'distillation',
  clusterScore: 0.91234,
  covered: true,
  memberFacts: '80% harvest-type',
  heldBy: 'no-control-tie',
  links: [
    { kind: LINK_KINDS.indexOf('sync'), weight: 0.6666, partners: 3, count: 12, key: '', keyAccounts: 0 },
    { kind: LINK_KINDS.indexOf('client_fp'), weight: 0.5, partners: 2, count: 4, key: 'fp:abc', keyAccounts: 5 },
    { kind: LINK_KINDS.indexOf('ip'), weight: 0.25, partners: 1, count: 1, key: '', keyAccounts: 0 },
  ],
  content: undefined,
  softened: false,
  lowSlow,
};

test('a member verdict writes its reasons from the facts it keeps', () => {
  const v = new MemberVerdict('c_4', 'suspicious', 0.91234, facts);
  assert.deepEqual(v.reasons, [
    {
      signal: 'cluster',
      weight: 0.912,
      detail:
        'member of c_4 (distillation, score 0.91): part of its harvesting sub-stream; 80% harvest-type; not tied to the ' +
        "cluster's core by a strong link of common control (only by content, timing or a small group of its own): held at suspicious",
    },
    { signal: 'link_sync', weight: 0.667, detail: 'linked to 3 member(s) by sync, 12 shared 10-minute windows' },
    { signal: 'link_client_fp', weight: 0.5, detail: 'linked to 2 member(s) by client fp (fp:abc, 5 accounts use it)' },
    { signal: 'link_ip', weight: 0.25, detail: 'linked to 1 member(s) by ip' },
    { signal: 'low_and_slow', weight: 0.5, detail: 'one of 3 accounts (median 14 exchanges each) on template family t9' },
  ]);
  assert.deepEqual(JSON.parse(JSON.stringify(v)), { cluster: 'c_4', verdict: 'suspicious', score: 0.91234, reasons: v.reasons });
});

test('a restated member verdict keeps its reasons (a spread copy would lose them)', () => {
  const v = new MemberVerdict('c_4', 'suspicious', 0.9, facts);
  const confirmed = restatedVerdict(v, { verdict: 'distillation' });
  assert.equal(confirmed.verdict, 'distillation');
  assert.equal(v.verdict, 'suspicious');
  assert.deepEqual(confirmed.reasons, v.reasons);
  const renamed = restatedVerdict(v, { cluster: 'hc-7' });
  assert.equal(renamed.cluster, 'hc-7');
  assert.match(renamed.reasons[0]!.detail, /^member of c_4 /, 'the reasons name the cluster as it was named when judged');
  const plain = { cluster: 'c_1', verdict: 'benign' as const, score: 0, reasons: [] };
  assert.deepEqual(restatedVerdict(plain, { score: 0.5 }), { ...plain, score: 0.5 });
});
