/**
 * TAXII timestamps with microseconds: `date_added` must order every object of a collection strictly, so paging with
 * `added_after` never skips or repeats one. Times are kept as integer microseconds since the epoch.
 */

/** RFC 3339 with six fractional digits, e.g. 2026-12-02T11:57:12.123456Z. */
export function taxiiTime(micros: number): string {
  const ms = Math.floor(micros / 1000);
  return `${new Date(ms).toISOString().slice(0, 23)}${String(micros - ms * 1000).padStart(3, '0')}Z`;
}

/** Microseconds of an RFC 3339 timestamp (fractions beyond microseconds are cut); null when it is not one. */
export function parseTaxiiTime(text: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i.exec(text.trim());
  if (!m) return null;
  const seconds = Date.parse(`${m[1]}${m[3]!.toUpperCase()}`);
  if (Number.isNaN(seconds)) return null;
  return seconds * 1000 + Number((m[2] ?? '').slice(0, 6).padEnd(6, '0'));
}
