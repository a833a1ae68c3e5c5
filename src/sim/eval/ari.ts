/**
 * Adjusted Rand index: agreement between two partitions of the same items, corrected for chance (Hubert & Arabie
 * 1985). 1 means identical partitions, about 0 means no better than random, negative means worse than random.
 * Used by `eval` to score how well report clusters recover the true campaigns.
 */

const choose2 = (n: number): number => (n * (n - 1)) / 2;

/** ARI of two labelings of the same items (`truth[i]` and `predicted[i]` label item i). */
export function adjustedRandIndex(truth: readonly string[], predicted: readonly string[]): number {
  if (truth.length !== predicted.length) throw new Error('adjustedRandIndex: labelings differ in length');
  const n = truth.length;
  if (n < 2) return 1;
  const cells = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const a = truth[i]!;
    const b = predicted[i]!;
    const key = `${a.length}:${a}|${b}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(a, (rows.get(a) ?? 0) + 1);
    cols.set(b, (cols.get(b) ?? 0) + 1);
  }
  let index = 0;
  for (const c of cells.values()) index += choose2(c);
  let sumRows = 0;
  for (const c of rows.values()) sumRows += choose2(c);
  let sumCols = 0;
  for (const c of cols.values()) sumCols += choose2(c);
  const total = choose2(n);
  const expected = (sumRows * sumCols) / total;
  const max = (sumRows + sumCols) / 2;
  // Both partitions all singletons (or both one block): identical structure, no pairs to disagree on.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
