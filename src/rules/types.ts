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
}
