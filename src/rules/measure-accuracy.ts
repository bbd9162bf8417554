import type { Engine } from './compile-engine.js';
import type { Determination } from './types.js';

/** One labelled finding of the accuracy benchmark (fixtures/accuracy/*.yaml). */
export interface LabelledFinding {
  text: string;
  /** The expected clause id, or `not-major`. */
  expect: string;
  industry?: string;
  date?: string;
  /** Which benchmark file it came from (normally the standard id). */
  set: string;
}

export interface AccuracyMiss {
  set: string;
  text: string;
  expect: string;
  determination: Determination;
  got: string[];
  partial: string[];
}

export interface AccuracyStats {
  items: number;
  positives: number;
  negatives: number;
  /** Positives with the expected clause among the full matches. */
  clauseCorrect: number;
  predictedMajor: number;
  /** Predicted major and labelled major (any clause). */
  truePositives: number;
  /** Labelled not-major, predicted major: the error that destroys trust. */
  falsePositives: number;
  precision: number | null;
  recall: number | null;
  clauseRecall: number | null;
  clausePrecision: number | null;
}

export interface AccuracyReport {
  overall: AccuracyStats;
  bySet: Map<string, AccuracyStats>;
  misses: AccuracyMiss[];
}

/** Precision and recall of the `major` determination and of the clause, per benchmark set and overall. */
export function measureAccuracy(items: readonly LabelledFinding[], engine: Engine): AccuracyReport {
  const overall = emptyStats();
  const bySet = new Map<string, AccuracyStats>();
  const misses: AccuracyMiss[] = [];
  let clausePrecisionHits = 0;
  const setPrecisionHits = new Map<string, number>();
  for (const item of items) {
    const d = engine.decide({ text: item.text, ...(item.industry ? { industry: item.industry } : {}), ...(item.date ? { date: item.date } : {}) });
    const got = d.matches.map((m) => m.ruleId);
    const positive = item.expect !== 'not-major';
    const predicted = d.determination === 'major';
    const clauseOk = positive && got.includes(item.expect);
    const stats = bySet.get(item.set) ?? emptyStats();
    bySet.set(item.set, stats);
    for (const s of [overall, stats]) {
      s.items++;
      if (positive) s.positives++;
      else s.negatives++;
      if (clauseOk) s.clauseCorrect++;
      if (predicted) s.predictedMajor++;
      if (predicted && positive) s.truePositives++;
      if (predicted && !positive) s.falsePositives++;
    }
    if (predicted && clauseOk) {
      clausePrecisionHits++;
      setPrecisionHits.set(item.set, (setPrecisionHits.get(item.set) ?? 0) + 1);
    }
    const ok = positive ? clauseOk : !predicted;
    if (!ok) misses.push({ set: item.set, text: item.text, expect: item.expect, determination: d.determination, got, partial: d.partial.map((m) => m.ruleId) });
  }
  finish(overall, clausePrecisionHits);
  for (const [set, s] of bySet) finish(s, setPrecisionHits.get(set) ?? 0);
  return { overall, bySet, misses };
}

function emptyStats(): AccuracyStats {
  return { items: 0, positives: 0, negatives: 0, clauseCorrect: 0, predictedMajor: 0, truePositives: 0, falsePositives: 0, precision: null, recall: null, clauseRecall: null, clausePrecision: null };
}

function finish(s: AccuracyStats, clausePrecisionHits: number): void {
  const rate = (a: number, b: number): number | null => (b === 0 ? null : a / b);
  s.precision = rate(s.truePositives, s.predictedMajor);
  s.recall = rate(s.truePositives, s.positives);
  s.clauseRecall = rate(s.clauseCorrect, s.positives);
  s.clausePrecision = rate(clausePrecisionHits, s.predictedMajor);
}
