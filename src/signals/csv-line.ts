import { parse } from 'csv-parse/sync';

/** Splits one CSV line into fields (RFC 4180 quotes, `""` inside quotes); unquoted lines, the most, take a plain split. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  return (parse(line, { relax_column_count: true }) as string[][])[0] ?? [''];
}
