/** Parses one line of an exchange log (null in an optional field = absent), with an error a person can act on when the line is bad. */
import { exchangeSchema, type Exchange } from './exchange.js';
import { dropNullOptionals } from './null-absent.js';

export type LineResult = { ok: true; exchange: Exchange } | { ok: false; line: number; error: string };

export function parseExchangeLine(text: string, line: number): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, line, error: `not valid JSON (${(err as Error).message})` };
  }
  const parsed = exchangeSchema.safeParse(dropNullOptionals(value, exchangeSchema));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'line';
    return { ok: false, line, error: `${where}: ${issue?.message ?? 'invalid exchange'}` };
  }
  return { ok: true, exchange: parsed.data };
}
