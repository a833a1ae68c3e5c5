/**
 * The constants that turn indicator values into a score and a verdict, and their shape. They are produced offline
 * by `bench/scan/calibrate.ts` from simulated benign traffic of a seed different from the evaluation's, and
 * committed in calibration-constants.ts; the detector never reads labels.
 */
export interface IndicatorReference {
  /** Benign accounts' value at the reference quantile: evidence starts above it. */
  level: number;
  /** How far one unit of evidence is: the benign spread (reference quantile minus median), at least minSpread. */
  spread: number;
}

export interface Calibration {
  /** Where the constants came from (scenario, seed, accounts), for the report and the docs. */
  source: string;
  /** Benign quantile used as each indicator's reference level. */
  referenceQuantile: number;
  /** False-positive target the distillation threshold was set for, over calibration benign accounts. */
  fprTarget: number;
  /** Raw evidence at which an account becomes `suspicious` / `distillation`. */
  suspiciousAt: number;
  distillationAt: number;
  /** An account needs at least this many exchanges before its own score can reach `distillation`. */
  minExchanges: number;
  indicators: Record<string, IndicatorReference>;
}
