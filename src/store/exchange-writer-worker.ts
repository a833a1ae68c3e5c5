/**
 * The thread that writes recorded exchanges to the SQLite file, on its own connection (WAL), so that inserting a
 * large exchange never holds the gateway's event loop; each exchange arrives as its row, its line already serialised,
 * or (a large one) whole, serialised here (exchange-writer-thread.ts). It answers each batch once it is committed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './database.js';
import { exchangeRowInserter, rowOfItem } from './exchange-insert.js';
import { WRITER_READY, type WriterReply, type WriterRequest } from './exchange-writer-thread.js';

const db = openDatabase((workerData as { dataDir: string }).dataDir);
const insert = exchangeRowInserter(db);
const port = parentPort!;
port.postMessage({ id: WRITER_READY } satisfies WriterReply);

port.on('message', (request: WriterRequest) => {
  if (request.kind === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    insert(request.items.map(rowOfItem));
    reply = { id: request.id };
  } catch (err) {
    reply = { id: request.id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
