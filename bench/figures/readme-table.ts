/** Reads the README's "Measured figures" table and compares its rows with freshly produced ones, number by number. */
import type { FigureRow, Tolerance } from './figure.js';

/** The README's figure rows: first column -> second column, from the table under "## Measured figures". */
export function readmeFigures(readme: string): Map<string, string> {
  const start = readme.indexOf('## Measured figures');
  if (start < 0) throw new Error('README has no "## Measured figures" section');
  const next = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('|---')) continue;
    // Split on cell bars, not on escaped ones (\|).
    const cells = line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replaceAll('\\|', '|'));
    if (cells[0] === 'what' || cells.length < 2) continue;
    rows.set(cells[0]!, cells[1]!);
  }
  return rows;
}

/** The numbers in a figure's text, in order ("1,500" is 1500; "0-1.4 h" is 0 and 1.4). */
export function numbersOf(text: string): number[] {
  return [...text.matchAll(/\d[\d,]*(?:\.\d+)?(?:e-?\d+)?/g)].map((m) => Number(m[0].replaceAll(',', '')));
}

function within(expected: number, got: number, t: Tolerance): boolean {
  return Math.abs(expected - got) <= Math.max(t.absolute, t.relative * Math.abs(expected));
}

/**
 * What differs between the README and fresh rows: a row missing from the README, a different shape of text (another
 * count of numbers), or a number out of tolerance. Empty when the README is current.
 */
export function compareWithReadme(readme: string, rows: FigureRow[]): string[] {
  const documented = readmeFigures(readme);
  const problems: string[] = [];
  for (const row of rows) {
    const text = documented.get(row.what);
    if (text === undefined) {
      problems.push(`README has no row "${row.what}"`);
      continue;
    }
    const want = numbersOf(text);
    const got = numbersOf(row.figure);
    if (want.length !== got.length) {
      problems.push(`"${row.what}": README says "${text}", now "${row.figure}"`);
      continue;
    }
    const off = want.map((w, i) => [w, got[i]!] as const).filter(([w, g]) => !within(w, g, row.tolerance));
    if (off.length > 0)
      problems.push(`"${row.what}": ${off.map(([w, g]) => `${w} -> ${g}`).join(', ')} (tolerance ${row.tolerance.absolute} or ${row.tolerance.relative * 100}%); now "${row.figure}"`);
  }
  return problems;
}
