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

/** One row of a blind batch (fixtures/accuracy/blind/NN-*.tsv): expected clause ids (any of them), or none for a near miss. */
export interface BlindItem {
  text: string;
  /** Acceptable clause ids (`a|b` in the file); empty for `not-major`. */
  expect: readonly string[];
  industry?: string;
  date?: string;
}

export interface BlindStats {
  rows: number;
  positives: number;
  negatives: number;
  /** Positives judged 重大 under one of the expected standards. */
  standardHits: number;
  /** Positives judged 重大 with an expected clause among the matches. */
  clauseHits: number;
  /** Positives judged 重大 or 待核实 naming an expected clause (a reviewer is pointed at the right clause). */
  reviewHits: number;
  /** Negatives judged 重大. */
  falseMajors: number;
  /** Negatives judged 待核实. */
  negativesToReview: number;
}

export interface BlindRowResult {
  item: BlindItem;
  determination: Determination;
  got: string[];
  partial: string[];
  candidates: string[];
  ok: boolean;
}

export interface BlindReport {
  overall: BlindStats;
  /** By the standard of the first expected clause (or the family a negative's note names is unknown: '近似/一般'). */
  byStandard: Map<string, BlindStats>;
  rows: BlindRowResult[];
}

const standardOf = (ruleId: string): string => ruleId.slice(0, Math.max(0, ruleId.indexOf('/'))) || ruleId;

/** The first-sight figures of a blind batch: standard recall, clause accuracy, false majors, review recall. */
export function measureBlind(items: readonly BlindItem[], engine: Engine): BlindReport {
  const overall = emptyBlind();
  const byStandard = new Map<string, BlindStats>();
  const rows: BlindRowResult[] = [];
  for (const item of items) {
    const d = engine.decide({ text: item.text, ...(item.industry ? { industry: item.industry } : {}), ...(item.date ? { date: item.date } : {}) });
    const got = d.matches.map((m) => m.ruleId);
    const partial = d.partial.map((m) => m.ruleId);
    const candidates = d.candidates.map((c) => c.ruleId);
    const positive = item.expect.length > 0;
    const family = positive ? standardOf(item.expect[0] ?? '') : '（近似/一般）';
    const s = byStandard.get(family) ?? emptyBlind();
    byStandard.set(family, s);
    const major = d.determination === 'major';
    const wantStd = new Set(item.expect.map(standardOf));
    const stdHit = positive && major && got.some((g) => wantStd.has(standardOf(g)));
    const clauseHit = positive && major && got.some((g) => item.expect.includes(g));
    const reviewHit = positive && [...got, ...(d.determination === 'indeterminate' ? [...partial, ...candidates] : [])].some((g) => item.expect.includes(g));
    for (const t of [overall, s]) {
      t.rows++;
      if (positive) {
        t.positives++;
        if (stdHit) t.standardHits++;
        if (clauseHit) t.clauseHits++;
        if (reviewHit) t.reviewHits++;
      } else {
        t.negatives++;
        if (major) t.falseMajors++;
        if (d.determination === 'indeterminate') t.negativesToReview++;
      }
    }
    rows.push({ item, determination: d.determination, got, partial, candidates, ok: positive ? clauseHit : !major });
  }
  return { overall, byStandard, rows };
}

function emptyBlind(): BlindStats {
  return { rows: 0, positives: 0, negatives: 0, standardHits: 0, clauseHits: 0, reviewHits: 0, falseMajors: 0, negativesToReview: 0 };
}

/** Parses a blind batch TSV (header `text expect industry date note [source]`); throws with the line on a bad row. */
export function parseBlindTsv(content: string, name: string): BlindItem[] {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t');
  const col = (n: string): number => header.indexOf(n);
  const [ti, ei, ii, di] = [col('text'), col('expect'), col('industry'), col('date')];
  if (ti < 0 || ei < 0) throw new Error(`${name}:1: header must name text and expect`);
  const out: BlindItem[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const f = line.split('\t');
    const text = (f[ti] ?? '').trim();
    const expect = (f[ei] ?? '').trim();
    if (text === '' || expect === '') throw new Error(`${name}:${i + 2}: empty text or expect`);
    const industry = ii >= 0 ? (f[ii] ?? '').trim() : '';
    const date = di >= 0 ? (f[di] ?? '').trim() : '';
    out.push({
      text,
      expect: expect === 'not-major' ? [] : expect.split('|').map((x) => x.trim()).filter((x) => x !== ''),
      ...(industry ? { industry } : {}),
      ...(date ? { date } : {}),
    });
  });
  return out;
}
