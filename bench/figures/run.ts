/**
 * `npm run figures [-- --check] [-- --only NAME,...]`: regenerates the README's measured figures that come from
 * scenarios and prints them as a markdown table; `--check` also compares them with README.md (exit 1 when a row is
 * missing or a number moved beyond its tolerance). Producers whose inputs are missing here are skipped with a note
 * (in CI, where every input is provided, a skipped producer fails the check).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { markdownTable, type FigureRow } from './figure.js';
import { FIGURE_PRODUCERS } from './producers.js';
import { compareWithReadme } from './readme-table.js';

const { values } = parseArgs({ options: { check: { type: 'boolean' }, only: { type: 'string' } } });
const only = values.only?.split(',');
const unknown = only?.filter((n) => !FIGURE_PRODUCERS.some((p) => p.name === n)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(`figures: no producer ${unknown.join(', ')} (have: ${FIGURE_PRODUCERS.map((p) => p.name).join(', ')})\n`);
  process.exit(2);
}
const note = (message: string) => process.stderr.write(`figures: ${message}\n`);
const workDir = mkdtempSync(join(tmpdir(), 'hydrawatch-figures-'));
const rows: FigureRow[] = [];
let skipped = 0;
try {
  for (const producer of FIGURE_PRODUCERS) {
    if (only && !only.includes(producer.name)) continue;
    const why = producer.unavailable();
    if (why) {
      note(`skipping ${producer.name}: ${why}`);
      skipped++;
      continue;
    }
    rows.push(...(await producer.produce({ workDir: join(workDir, producer.name), note })));
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
process.stdout.write(`${markdownTable(rows)}\n`);
if (values.check) {
  const problems = compareWithReadme(readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8'), rows);
  for (const p of problems) note(`stale: ${p}`);
  note(problems.length === 0 ? `README matches ${rows.length} rows${skipped ? ` (${skipped} producers skipped)` : ''}` : `${problems.length} of ${rows.length} rows differ from the README`);
  if (problems.length > 0) process.exitCode = 1;
  // In CI every producer's inputs are provided: a skipped one would let its rows go stale unnoticed.
  if (skipped > 0 && process.env.CI === 'true') {
    note(`${skipped} producers skipped in CI`);
    process.exitCode = 1;
  }
}
