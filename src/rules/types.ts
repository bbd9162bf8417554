/** What the engine needs to know about one finding. */
export interface FindingInput {
  /** Free text: description (and location, measures if wanted) as written. */
  text: string;
  /** The enterprise's industry as written in the ledger (所属行业), if known. */
  industry?: string;
  /** Found date, ISO YYYY-MM-DD: picks the edition in force. */
  date?: string;
}

import type { Determination } from '../domain/levels.js';

export type { Determination };

export interface Evidence {
  kind: 'keyword' | 'negated' | 'number' | 'regex';
  /** The matched words as they appear in the normalised finding text. */
  text: string;
  label?: string;
}

export interface RuleMatch {
  ruleId: string;
  standardId: string;
  standardTitle: string;
  docNumber: string;
  /** `<条>.<项>` in Arabic numerals, e.g. 12.3 (item-list standards: the item number). */
  clause: string;
  citation: string;
  title: string;
  guidance: string;
  evidence: Evidence[];
  /** For partial matches: the elements the finding does not state (labels of the criteria). */
  missing: string[];
}

/** A clause the finding resembles, proposed by text similarity when no rule decides. Never a determination of major. */
export interface Candidate {
  ruleId: string;
  citation: string;
  title: string;
  score: number;
}

export interface Decision {
  determination: Determination;
  /** Clauses fully matched (determination major). */
  matches: RuleMatch[];
  /** Clauses partly matched: something needed to decide is not written (determination indeterminate). */
  partial: RuleMatch[];
  candidates: Candidate[];
  /** Evidence that the finding is outside the clause (already remedied, stopped, a record problem …), when a match was set aside. */
  rebuttals?: string[];
}

/** One element of a rule as it evaluated on a finding (for `hazard explain`). */
export interface TraceElement {
  label: string;
  value: 'true' | 'unknown' | 'false';
}

/** A rule that was looked at: its value, its elements, and why it did or did not decide. */
export interface TraceRule {
  ruleId: string;
  citation: string;
  title: string;
  standardId: string;
  value: 'true' | 'unknown' | 'false';
  elements: TraceElement[];
  /** Why it does not count although its text matches: standard not in force, industry, an exclude, a rebuttal. */
  blockedBy?: string;
}

export interface TraceEdition {
  standardId: string;
  title: string;
  docNumber: string;
  /** in-force: evaluated; stand-in: evaluated for a current edition without rules (answers 待核实); others are skipped. */
  status: 'in-force' | 'stand-in' | 'not-in-force' | 'not-this-industry';
  reason: string;
  /** Rules the edition has (0: catalogued as metadata only). */
  rules: number;
}

/** The decision trace of one finding: what `hazard explain` prints. */
export interface DecisionTrace {
  /** The text as the engine reads it (normalised). */
  text: string;
  date: string;
  industry?: string;
  /** Standards and sector names the industry text selects; undefined when none was given or none recognised. */
  industryResolution?: { standardId: string; sectors: string[] }[];
  industryRecognised: boolean;
  editions: TraceEdition[];
  /** Vocabulary found in the text, with the negation cue when it is negated. */
  terms: { term: string; at: number; negation?: string }[];
  quantities: { text: string; unit: string; lo: number; hi: number }[];
  /** Rules whose words occur, best first (at most `limit`). */
  rules: TraceRule[];
  decision: Decision;
}
