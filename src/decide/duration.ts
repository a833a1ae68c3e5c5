/** Durations as people write them in policies and on the command line: "90s", "15m", "24h", "7d", "2w". */
const UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Longest duration accepted: anything longer means "until lifted" and could not be represented as a date. */
const MAX_DURATION_MS = 100 * 365.25 * UNITS.d!;

const parsed = new Map<string, number>();

/** Parses a duration into milliseconds; throws with the offending text when it is not one. */
export function parseDuration(text: string): number {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/.exec(text.trim());
  if (!m) throw new Error(`invalid duration "${text}" (expected e.g. 90s, 15m, 24h, 7d, 2w)`);
  const ms = Number(m[1]) * UNITS[m[2]!]!;
  if (!(ms > 0)) throw new Error(`duration "${text}" must be positive`);
  if (ms > MAX_DURATION_MS) throw new Error(`duration "${text}" is longer than 100 years`);
  if (parsed.size < 1000) parsed.set(text, Math.round(ms));
  return Math.round(ms);
}

/** Formats milliseconds back to the largest whole unit ("86400000" -> "1d"). */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const size = UNITS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
