/**
 * The README's measured figures as code: a producer regenerates rows of the "Measured figures" table, each row keyed
 * by its first column, so `npm run figures` can print them and check the README against them. Other figure sources
 * (bench/generalization, ...) plug in by adding a producer to `producers.ts`.
 */

/** One row of the README's "Measured figures" table. */
export interface FigureRow {
  /** The first column, exactly as in the README: the row's key. */
  what: string;
  /** The second column: the figures, as text. */
  figure: string;
  /** The third column: the command that measures it. */
  how: string;
  /** How far each number in `figure` may move before the README is stale (the larger of the two bounds). */
  tolerance: Tolerance;
}

export interface Tolerance {
  absolute: number;
  relative: number;
}

export interface ProducerOptions {
  /** Scratch folder for simulator output (removed by the caller). */
  workDir: string;
  /** Progress for people, on stderr. */
  note: (message: string) => void;
}

export interface FigureProducer {
  /** Short name for `--only`. */
  name: string;
  /** Why its figures may not be reproducible here (e.g. the prompt sets are missing), or null. */
  unavailable(): string | null;
  produce(options: ProducerOptions): Promise<FigureRow[]>;
}

/** The rows as a markdown table, in the README's columns. */
export function markdownTable(rows: FigureRow[]): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  return ['| what | figure | how to measure |', '|---|---|---|', ...rows.map((r) => `| ${cell(r.what)} | ${cell(r.figure)} | ${cell(r.how)} |`)].join('\n');
}
