/** The jobs of the test thread square-job-worker.ts, and their answer on the event loop. */
export interface SquareJob {
  n: number;
  exit?: boolean;
  holdMs?: number;
  bytes?: Uint8Array;
}
export interface SquareResult {
  square: number;
  bytes: number;
  by: 'thread' | 'loop';
}
export const squareHere = (job: SquareJob): SquareResult => ({ square: job.n * job.n, bytes: job.bytes?.byteLength ?? 0, by: 'loop' });
