import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './database.js';
import { DecisionStore } from './decisions.js';
import { SqliteStore } from './sqlite-store.js';
import { decisionSuite, storeSuite } from './testing/store-suite.js';

storeSuite('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-store-'));
  const store = new SqliteStore(dir);
  return {
    store,
    async reopen() {
      await store.close();
      return new SqliteStore(dir);
    },
    keyRowsDump: async () => JSON.stringify(store.db.prepare('SELECT * FROM api_keys').all()),
  };
});

decisionSuite('sqlite', async () => {
  const db = openDatabase(mkdtempSync(join(tmpdir(), 'hw-decisions-')));
  return {
    records: new DecisionStore(db),
    exec: async (sql) => void db.exec(sql),
    close: async () => {
      db.close();
    },
  };
});
