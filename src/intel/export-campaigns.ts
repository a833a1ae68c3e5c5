/**
 * `intel export` as a library call: the STIX bundle of the campaigns in a scan report, with their footprint read
 * from the exchange log the report came from and the accounts file (for payment fingerprints).
 */
import { accountSchema, type Account } from '../exchange/account.js';
import { scanReportSchema, type ScanReport } from '../detect/report.js';
import { readExchangeLog, readJsonlRecords, type BadLineHandler } from '../ingest/jsonl-file.js';
import { readFile } from 'node:fs/promises';
import { campaignFootprints } from './footprint.js';
import { stixBundle, type StixBundle, type StixExportOptions } from './stix-export.js';

export interface CampaignExportInput {
  /** A scan report (JSON file). */
  report: string;
  /** The exchange log the report was made from. */
  log: string;
  accounts?: string;
  onBadLine?: BadLineHandler;
}

export interface CampaignExport {
  bundle: StixBundle;
  campaigns: number;
  indicators: number;
}

export async function exportCampaigns(input: CampaignExportInput, options: StixExportOptions): Promise<CampaignExport> {
  const parsed = scanReportSchema.safeParse(JSON.parse(await readFile(input.report, 'utf8')));
  if (!parsed.success) throw new Error(`${input.report}: not a scan report (${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message})`);
  const report: ScanReport = parsed.data;
  const onBadLine = input.onBadLine ?? (() => {});
  const accounts = new Map<string, Account>();
  if (input.accounts) for (const a of await readJsonlRecords(input.accounts, accountSchema, onBadLine)) accounts.set(a.id, a);
  const footprints = await campaignFootprints(report, () => readExchangeLog(input.log, onBadLine), accounts);
  const bundle = stixBundle(report, footprints, options);
  return {
    bundle,
    campaigns: footprints.length,
    indicators: bundle.objects.filter((o) => o.type === 'indicator').length,
  };
}
