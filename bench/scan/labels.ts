/**
 * Ground truth of a simulated run (docs/formats.md, simulator output), read ONLY by offline tools in bench/scan (calibration and
 * the accuracy check); the detector itself never reads labels.
 */
import { readFile } from 'node:fs/promises';
import type { ScanReport } from '../../src/detect/report.js';

export interface Label {
  account: string;
  label: 'distillation' | 'benign';
  campaign: string | null;
  segment: string;
}

export async function readLabels(path: string): Promise<Map<string, Label>> {
  const out = new Map<string, Label>();
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    const l = JSON.parse(line) as Label;
    out.set(l.account, l);
  }
  return out;
}

export interface Accuracy {
  recall20: number;
  campaignAccounts20: number;
  fpr: number;
  benignAccounts: number;
  fprBySegment: Record<string, { fpr: number; accounts: number; flagged: number }>;
  recallByCampaign: Record<string, { recall: number; accounts: number }>;
  suspiciousBenign: number;
}

/** Recall of campaign accounts with 20+ exchanges and false-positive rates, as the targets define them. */
export function accuracy(report: ScanReport, labels: Map<string, Label>): Accuracy {
  let pos = 0;
  let tp = 0;
  let neg = 0;
  let fp = 0;
  let susp = 0;
  const seg: Accuracy['fprBySegment'] = {};
  const camp: Record<string, { hit: number; accounts: number }> = {};
  for (const a of report.accounts) {
    const l = labels.get(a.id);
    if (!l) continue;
    const flagged = a.verdict === 'distillation';
    if (l.label === 'distillation') {
      if (a.exchanges < 20) continue;
      pos++;
      if (flagged) tp++;
      const c = (camp[l.campaign ?? '?'] ??= { hit: 0, accounts: 0 });
      c.accounts++;
      if (flagged) c.hit++;
    } else {
      neg++;
      if (flagged) fp++;
      if (a.verdict === 'suspicious') susp++;
      const s = (seg[l.segment] ??= { fpr: 0, accounts: 0, flagged: 0 });
      s.accounts++;
      if (flagged) s.flagged++;
    }
  }
  for (const s of Object.values(seg)) s.fpr = s.accounts ? s.flagged / s.accounts : 0;
  const recallByCampaign: Accuracy['recallByCampaign'] = {};
  for (const [k, v] of Object.entries(camp)) recallByCampaign[k] = { recall: v.hit / v.accounts, accounts: v.accounts };
  return {
    recall20: pos ? tp / pos : 0,
    campaignAccounts20: pos,
    fpr: neg ? fp / neg : 0,
    benignAccounts: neg,
    fprBySegment: seg,
    recallByCampaign,
    suspiciousBenign: susp,
  };
}
