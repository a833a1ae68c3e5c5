/**
 * Keeps the store's accounts in step with the provider's account system: each account in the accounts format is
 * created or has its attributes merged in (upsert), so importing the same file twice changes nothing.
 */
import type { Account } from '../exchange/account.js';
import type { Store } from './store.js';

export interface ImportSummary {
  created: number;
  updated: number;
}

export async function importAccounts(store: Pick<Store, 'upsertAccount'>, accounts: Iterable<Account>): Promise<ImportSummary> {
  const summary: ImportSummary = { created: 0, updated: 0 };
  for (const account of accounts) {
    if (await store.upsertAccount(account)) summary.created++;
    else summary.updated++;
  }
  return summary;
}
