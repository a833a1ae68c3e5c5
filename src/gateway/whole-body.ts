/**
 * Reads an upstream body whole. undici's `arrayBuffer()` copies even a one-chunk body into an ArrayBuffer of its
 * own, an allocation per answer that the collector's helper threads track and sweep; here a body that arrives in
 * one chunk is kept as that chunk (a view of the socket's read, which nothing reuses) and a longer one is
 * concatenated into a Buffer (from Node's pool when small).
 */
import type { Readable } from 'node:stream';

export function wholeBody(body: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    body.once('error', reject);
  });
}
