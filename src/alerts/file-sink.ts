/**
 * Appends alert events to a JSON-lines file for a SIEM's file collector (Filebeat, Vector, Fluent Bit), one event per
 * line, written in order from a queue so lines never interleave.
 */
import { appendFile } from 'node:fs/promises';
import type { AlertEvent } from './alert-event.js';

export class FileSink {
  readonly name = 'file';
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly onFailed?: (event: AlertEvent, reason: string) => void,
  ) {}

  send(event: AlertEvent): void {
    this.tail = this.tail.then(() => appendFile(this.path, `${JSON.stringify(event)}\n`)).catch((err: Error) => this.onFailed?.(event, err.message));
  }

  async idle(): Promise<void> {
    await this.tail;
  }

  async close(): Promise<void> {
    await this.tail;
  }
}
