/** Buffered, synchronous JSONL file writer: output streams to disk in large chunks, memory stays flat. */
import { closeSync, openSync, writeSync } from 'node:fs';

export class JsonlWriter {
  private readonly fd: number;
  private buf: string[] = [];
  private bufChars = 0;
  lines = 0;
  bytes = 0;

  constructor(path: string, private readonly flushChars = 1 << 22) {
    this.fd = openSync(path, 'w');
  }

  writeLine(line: string): void {
    this.buf.push(line, '\n');
    this.bufChars += line.length + 1;
    this.lines++;
    if (this.bufChars >= this.flushChars) this.flush();
  }

  write(value: unknown): void {
    this.writeLine(JSON.stringify(value));
  }

  flush(): void {
    if (this.buf.length === 0) return;
    const chunk = Buffer.from(this.buf.join(''), 'utf8');
    this.bytes += chunk.length;
    let off = 0;
    while (off < chunk.length) off += writeSync(this.fd, chunk, off);
    this.buf = [];
    this.bufChars = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
