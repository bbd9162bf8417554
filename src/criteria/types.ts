/**
 * The criteria model: one YAML file per standard (edition), each clause a rule.
 * The JSON Schema in schema/criteria.schema.json is the authority on the file shape; these types mirror it.
 */

/** A match term: a literal keyword, or `@name` to reuse a shared concept vocabulary. */
export type Term = string;

interface NodeBase {
  /** Chinese label used when naming what is missing or what matched, e.g. "未设置泄爆装置". */
  label?: string;
}

/** True when any term occurs in the finding. */
export interface HasNode extends NodeBase {
  has: Term[];
  /** When no term occurs: `false` (default) or `unknown` (the finding may simply not say). */
  ifAbsent?: 'false' | 'unknown';
}

/** True when a term occurs negated: 未设置X, 无X, X缺失, X失效… (令10号第十四条: failed counts as absent). */
export interface LacksNode extends NodeBase {
  lacks: Term[];
  ifAbsent?: 'false' | 'unknown';
}

export type CompareOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq';

/** A number with a unit compared to a threshold: 储量30吨, 30t, 三十吨, 超过9人. Unknown when no such number is written. */
export interface NumberNode extends NodeBase {
  number: {
    unit: string;
    op: CompareOp;
    value: number;
    /** Only numbers within `within` characters of one of these terms count. */
    near?: Term[];
    within?: number;
  };
}

export interface RegexNode extends NodeBase {
  regex: string;
}

/** True when the row's 所属行业 resolves to one of these sectors of the rule's own standard. */
export interface IndustryNode extends NodeBase {
  industry: string[];
}

export interface AllNode extends NodeBase {
  all: MatchNode[];
}

export interface AnyNode extends NodeBase {
  any: MatchNode[];
}

export interface NotNode extends NodeBase {
  not: MatchNode;
}

export type MatchNode = HasNode | LacksNode | NumberNode | RegexNode | IndustryNode | AllNode | AnyNode | NotNode;

export type Verification = 'official-text' | 'paraphrase' | 'metadata-only';

export interface IndustryDef {
  name: string;
  synonyms?: string[];
}

export interface RuleExample {
  text: string;
  industry?: string;
  date?: string;
}

export interface RuleDef {
  id: string;
  citation: string;
  title: string;
  text: string;
  textStatus?: Exclude<Verification, 'metadata-only'>;
  applies?: {
    industries?: string[];
    attributes?: string[];
  };
  match: MatchNode;
  exclude?: MatchNode[];
  guidance: string;
  checkpoints?: string[];
  examples: {
    hit: (string | RuleExample)[];
    miss: (string | RuleExample)[];
  };
}

export interface StandardDef {
  id: string;
  title: string;
  issuer: string;
  docNumber: string;
  published?: string;
  /** 施行日期. Only a metadata-only standard may leave it out when it could not be verified (never a placeholder). */
  effective?: string;
  /** First day the edition no longer applies. */
  repealed?: string;
  supersedes?: string;
  supersededBy?: string;
  domain: string;
  /** `general` standards (fire, special equipment) apply whatever the enterprise's industry. */
  scope?: 'industry' | 'general';
  industries: IndustryDef[];
  highRisk?: boolean;
  source: {
    url?: string;
    copy?: string;
    note?: string;
  };
  verification: {
    status: Verification;
    checkedAgainst?: string;
    checkedOn?: string;
    note?: string;
  };
  /** Judgement items in the official text, for `criteria list --coverage`. */
  officialClauseCount?: number;
  coverageNote?: string;
  structure: 'article-item' | 'item-list' | 'gb-clause';
  concepts?: Record<string, Term[]>;
  rules?: RuleDef[];
}

/** `criteria/_vocabulary.yaml`: concept vocabularies shared by all standards. */
export interface VocabularyDef {
  concepts: Record<string, Term[]>;
  /** Floor names: canonical word → the words inspectors use for it (航吊/行车/电葫芦 → 起重机). */
  aliases?: Record<string, Term[]>;
}

/** A loaded standard with where it came from. */
export interface Standard extends StandardDef {
  /** '' when not verified (metadata-only standards only). */
  effective: string;
  file: string;
  rules: RuleDef[];
}

export interface Criteria {
  standards: Standard[];
  concepts: Map<string, string[]>;
  /** Floor names read as the canonical word every rule uses (from the vocabulary files' `aliases`). */
  aliases?: Map<string, string[]>;
  /** sha256 over the loaded files' bytes, in path order: identifies the criteria version in reports. */
  hash: string;
  files: string[];
}
