/** Exchange-log and attribute-file sources: async iterators over JSONL files that skip and report bad lines. */
import type { z } from 'zod';
import { parseExchangeLine } from '../exchange/log-line.js';
import type { Exchange } from '../exchange/exchange.js';
import { readLines } from './lines.js';
import { dropNullOptionals } from '../exchange/null-absent.js';

export interface BadLine {
  line: number;
  error: string;
  /** The attribute file the line is in (accounts, releases); absent for the exchange log. */
  file?: string;
}

export type BadLineHandler = (bad: BadLine) => void;

/** Exchanges of a log in file order; bad lines go to `onBadLine` and are skipped. */
export async function* readExchangeLog(path: string, onBadLine: BadLineHandler): AsyncGenerator<Exchange> {
  for await (const { line, text } of readLines(path)) {
    const result = parseExchangeLine(text, line);
    if (result.ok) yield result.exchange;
    else onBadLine({ line: result.line, error: result.error });
  }
}

/** All valid records of a small JSONL file (accounts, releases, labels), validated with `schema`; null in an optional field = absent. */
export async function readJsonlRecords<S extends z.ZodType>(
  path: string,
  schema: S,
  onBadLine: BadLineHandler,
): Promise<z.infer<S>[]> {
  const records: z.infer<S>[] = [];
  for await (const { line, text } of readLines(path)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      onBadLine({ line, error: `not valid JSON (${(err as Error).message})` });
      continue;
    }
    const parsed = schema.safeParse(dropNullOptionals(value, schema));
    if (parsed.success) records.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      onBadLine({ line, error: `${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}` });
    }
  }
  return records;
}
