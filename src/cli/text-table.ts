/** Plain aligned tables for people at a terminal (no box drawing, so they copy cleanly into tickets and mails). */
import Table from 'cli-table3';

/** Borderless: columns separated by two spaces, as `ls -l` or `kubectl get` print them. */
export const PLAIN_TABLE_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/** `rows[0]` is the header; columns listed in `right` are right-aligned (numbers). */
export function textTable(rows: string[][], right: number[] = []): string {
  const [head, ...body] = rows;
  const table = new Table({
    head: head ?? [],
    chars: PLAIN_TABLE_CHARS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colAligns: (head ?? []).map((_, i) => (right.includes(i) ? 'right' : 'left')),
  });
  table.push(...body);
  return table.toString().split('\n').map((l) => l.trimEnd()).join('\n');
}
