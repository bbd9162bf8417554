import type { Criteria, MatchNode, RuleDef, Standard } from '../criteria/types.js';
import { IndustryResolver, type SectorMap } from '../domain/industry.js';
import { AhoCorasick } from './aho-corasick.js';
import { negationAt } from './negation.js';
import { normaliseText } from '../text/normalise.js';
import { canonicalUnit, compareQuantity, extractQuantities, type CompareOp, type Quantity, type Tri } from '../text/quantities.js';
import type { Decision, Evidence, FindingInput, RuleMatch } from './types.js';

const F: Tri = 0;
const U: Tri = 1;
const T: Tri = 2;

type CNode =
  | { k: 'has'; terms: number[]; absent: Tri; label?: string }
  | { k: 'lacks'; terms: number[]; absent: Tri; label?: string }
  | { k: 'num'; unit: string; op: CompareOp; value: number; near: number[]; within: number; label?: string }
  | { k: 're'; re: RegExp; label?: string }
  | { k: 'all' | 'any'; c: CNode[]; label?: string }
  | { k: 'not'; c: CNode; label?: string };

interface CStandard {
  def: Standard;
  effective: string;
  repealed: string | undefined;
  general: boolean;
}

interface CRule {
  index: number;
  def: RuleDef;
  std: number;
  root: CNode;
  excludes: CNode[];
  industries: Set<string> | undefined;
  always: boolean;
  clause: string;
}

/** Per-row scan state. */
interface RowContext {
  text: string;
  occ: Occurrences;
  quantities: Quantity[] | undefined;
}

/**
 * Which keywords occur in the current row, and where. Reused from row to row: a stamp per term instead of a
 * fresh Map, so the hot `has` test is an array read and a row allocates only for repeated keywords.
 */
class Occurrences {
  private stamp = 0;
  private readonly seenAt: Int32Array;
  private readonly first: Int32Array;
  private more = new Map<number, number[]>();
  /** Term ids found in this row, in order of first occurrence. */
  ids: number[] = [];

  constructor(termCount: number) {
    this.seenAt = new Int32Array(termCount);
    this.first = new Int32Array(termCount);
  }

  reset(): void {
    if (++this.stamp >= 0x3fffffff) {
      this.seenAt.fill(0);
      this.stamp = 1;
    }
    this.ids = [];
    if (this.more.size) this.more = new Map();
  }

  /** Positions must arrive in ascending order per term. */
  add(t: number, pos: number): void {
    if (this.seenAt[t] !== this.stamp) {
      this.seenAt[t] = this.stamp;
      this.first[t] = pos;
      this.ids.push(t);
      return;
    }
    const m = this.more.get(t);
    if (m) m.push(pos);
    else this.more.set(t, [this.first[t] ?? 0, pos]);
  }

  has(t: number): boolean {
    return this.seenAt[t] === this.stamp;
  }

  get(t: number): readonly number[] | undefined {
    if (this.seenAt[t] !== this.stamp) return undefined;
    return this.more.get(t) ?? [this.first[t] ?? 0];
  }
}

export interface EngineOptions {
  /** Date used to pick editions when a finding has none (ISO). */
  asOf: string;
}

/** The compiled criteria: decide() is the product, decideNaive() the oracle it is tested against. */
export interface Engine {
  readonly ruleCount: number;
  readonly termCount: number;
  decide(finding: FindingInput): Decision;
  /** Same semantics without the automaton or postings: every rule, every term by indexOf. For tests and benchmarks. */
  decideNaive(finding: FindingInput): Decision;
  /** Which standards a free-text industry maps to (ids), or undefined when it is not recognised. */
  industryStandards(industry: string): string[] | undefined;
  /** The industry resolver the engine selects standards with (shared with checklist, catalogue and report). */
  readonly resolver: IndustryResolver;
  /** A match for a clause named explicitly (a 不符合 row of a self-inspection checklist), without text matching. */
  matchById(ruleId: string, evidence: string): RuleMatch | undefined;
}

/** Compile loaded criteria once: all keywords of all rules into one automaton, postings to rules. */
export function compileEngine(criteria: Criteria, options: EngineOptions): Engine {
  const termIds = new Map<string, number>();
  const termText: string[] = [];
  const termId = (raw: string): number => {
    const t = normaliseText(raw);
    let id = termIds.get(t);
    if (id === undefined) {
      id = termText.length;
      termIds.set(t, id);
      termText.push(t);
    }
    return id;
  };

  const standards: CStandard[] = criteria.standards.map((def) => ({
    def,
    effective: def.effective,
    repealed: def.repealed,
    general: def.scope === 'general',
  }));

  // An edition in force whose clauses are not established (metadata only) is stood in for by the edition it
  // supersedes, when that one has rules: GB 35181-2025 (no public clause text) → GB 35181-2017. A finding dated
  // after the switch is then not quietly "not major": what the old clauses say comes back as 待核实, with a note.
  const standIn = new Int32Array(standards.length).fill(-1);
  const standInFor = new Int32Array(standards.length).fill(-1);
  standards.forEach((s, i) => {
    if (s.def.rules.length > 0 || !s.def.supersedes) return;
    const p = standards.findIndex((o) => o.def.id === s.def.supersedes);
    if (p >= 0 && (standards[p]?.def.rules.length ?? 0) > 0) {
      standIn[i] = p;
      standInFor[p] = i;
    }
  });

  const resolver = new IndustryResolver(criteria.standards);

  const rules: CRule[] = [];
  const postings: number[][] = [];
  const always: number[] = [];
  standards.forEach((s, std) => {
    const expand = (term: string): string[] => expandTerm(term, s.def.concepts, criteria.concepts);
    for (const def of s.def.rules) {
      const positive = new Set<number>();
      const root = compileNode(def.match, expand, termId, positive, false);
      const excludes = (def.exclude ?? []).map((n) => compileNode(n, expand, termId, new Set(), true));
      const index = rules.length;
      const rule: CRule = {
        index,
        def,
        std,
        root,
        excludes,
        industries: def.applies?.industries ? new Set(def.applies.industries) : undefined,
        always: staticEval(root) !== F,
        clause: clauseOf(def.id),
      };
      rules.push(rule);
      if (rule.always) always.push(index);
      for (const t of positive) (postings[t] ??= []).push(index);
    }
  });

  const automaton = new AhoCorasick(termText);
  const byId = new Map(rules.map((r) => [r.def.id, r]));
  const industryCache = new Map<string, Map<number, Set<string>> | undefined>();
  let stamp = 0;
  const seen = new Int32Array(rules.length);
  const ruleStd = Int32Array.from(rules, (r) => r.std);

  function industryMap(industry: string | undefined): SectorMap | undefined {
    return resolver.resolve(industry);
  }

  // Edition boundaries (施行/废止 dates): two dates between the same boundaries select the same editions, so the
  // per-row standard mask is cached by industry text and boundary interval, not by the date itself.
  const boundaries = [...new Set(standards.flatMap((s) => [s.effective, s.repealed ?? '']).filter((d) => d !== ''))].sort();
  const maskCache = new Map<string, Uint8Array>();

  function epochOf(date: string): number {
    let lo = 0;
    let hi = boundaries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((boundaries[mid] ?? '') <= date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** 1 for each standard in force on `date` that the industry selects (all of them for an unknown industry). */
  function standardMask(date: string, industry: string | undefined, industries: SectorMap | undefined): Uint8Array {
    const key = `${industry ?? ''}\u0001${epochOf(date)}`;
    let mask = maskCache.get(key);
    if (mask) return mask;
    mask = new Uint8Array(standards.length);
    standards.forEach((s, i) => {
      if (date < s.effective || (s.repealed !== undefined && date >= s.repealed)) return;
      // An unrecognised industry selects every standard: a finding is never silently judged against nothing.
      if (!industries || s.general || industries.has(i)) mask[i] = 1;
    });
    // 2 = evaluated as a stand-in for an edition in force without rules (see standIn).
    standards.forEach((_, i) => {
      const p = standIn[i] ?? -1;
      if (mask[i] === 1 && p >= 0 && mask[p] === 0) mask[p] = 2;
    });
    if (maskCache.size > 10_000) maskCache.clear();
    maskCache.set(key, mask);
    return mask;
  }

  /** Rule-level industry condition (applies.industries), for a standard the mask already admitted. */
  function industryFits(rule: CRule, industries: SectorMap | undefined): boolean {
    if (!rule.industries || standards[rule.std]?.general) return true;
    // No industry, or one the resolver does not recognise: every clause is tried — a label we cannot read never
    // switches sector clauses off in silence (the reader says the industry was not recognised).
    if (!industries) return true;
    const names = industries.get(rule.std);
    if (!names) return false;
    for (const n of names) if (rule.industries.has(n)) return true;
    return false;
  }

  function judge(ctx: RowContext, candidates: Iterable<number>, mask: Uint8Array, industries: SectorMap | undefined): Decision {
    const matches: RuleMatch[] = [];
    const partial: RuleMatch[] = [];
    for (const i of candidates) {
      const rule = rules[i];
      if (!rule || mask[rule.std] === 0 || !industryFits(rule, industries)) continue;
      const v = evalNode(rule.root, ctx);
      if (v === F) continue;
      if (rule.excludes.some((x) => evalNode(x, ctx) === T)) continue;
      const m = describe(rule, ctx);
      if (mask[rule.std] === 2) {
        const current = standards[standInFor[rule.std] ?? -1]?.def;
        m.missing.push(`现行《${current?.title ?? ''}》（${current?.docNumber ?? ''}）条文未收录，此为其所替代版本的条款，请按现行条文核实`);
        partial.push(m);
      } else (v === T ? matches : partial).push(m);
    }
    const determination = matches.length > 0 ? 'major' : partial.length > 0 ? 'indeterminate' : 'not-major';
    return { determination, matches, partial, candidates: [] };
  }

  function describe(rule: CRule, ctx: RowContext): RuleMatch {
    const s = standards[rule.std]?.def;
    const evidence: Evidence[] = [];
    const missing: string[] = [];
    explain(rule.root, ctx, evidence, missing);
    return {
      ruleId: rule.def.id,
      standardId: s?.id ?? '',
      standardTitle: s?.title ?? '',
      docNumber: s?.docNumber ?? '',
      clause: rule.clause,
      citation: rule.def.citation,
      title: rule.def.title,
      guidance: rule.def.guidance,
      evidence,
      missing,
    };
  }

  function evalNode(n: CNode, ctx: RowContext): Tri {
    switch (n.k) {
      case 'has':
        for (const t of n.terms) if (ctx.occ.has(t)) return T;
        return n.absent;
      case 'lacks': {
        let mentioned = false;
        for (const t of n.terms) {
          const at = ctx.occ.get(t);
          if (!at) continue;
          mentioned = true;
          const len = termText[t]?.length ?? 0;
          for (const p of at) if (negationAt(ctx.text, p, p + len) !== undefined) return T;
        }
        return mentioned ? F : n.absent;
      }
      case 'num':
        return evalNumber(n, ctx);
      case 're':
        return n.re.test(ctx.text) ? T : F;
      case 'all': {
        let r: Tri = T;
        for (const c of n.c) {
          const v = evalNode(c, ctx);
          if (v === F) return F;
          if (v === U) r = U;
        }
        return r;
      }
      case 'any': {
        let r: Tri = F;
        for (const c of n.c) {
          const v = evalNode(c, ctx);
          if (v === T) return T;
          if (v === U) r = U;
        }
        return r;
      }
      case 'not': {
        const v = evalNode(n.c, ctx);
        return v === U ? U : v === T ? F : T;
      }
    }
  }

  function relevantQuantities(n: Extract<CNode, { k: 'num' }>, ctx: RowContext): Quantity[] {
    ctx.quantities ??= extractQuantities(ctx.text);
    return ctx.quantities.filter((q) => {
      if (q.unit !== n.unit) return false;
      if (n.near.length === 0) return true;
      for (const t of n.near) {
        const len = termText[t]?.length ?? 0;
        for (const p of ctx.occ.get(t) ?? []) {
          const gap = Math.max(0, q.start - (p + len), p - q.end);
          if (gap <= n.within) return true;
        }
      }
      return false;
    });
  }

  function evalNumber(n: Extract<CNode, { k: 'num' }>, ctx: RowContext): Tri {
    const qs = relevantQuantities(n, ctx);
    if (qs.length === 0) return U;
    let r: Tri = F;
    for (const q of qs) {
      const v = compareQuantity(q, n.op, n.value);
      if (v === T) return T;
      if (v === U) r = U;
    }
    return r;
  }

  // Only for matched rules: walks the tree again to say which words and numbers decided it, and what is missing.
  function explain(n: CNode, ctx: RowContext, evidence: Evidence[], missing: string[]): void {
    const v = evalNode(n, ctx);
    switch (n.k) {
      case 'has':
        if (v === T) {
          const t = n.terms.find((x) => ctx.occ.has(x));
          if (t !== undefined) evidence.push({ kind: 'keyword', text: termText[t] ?? '', ...(n.label ? { label: n.label } : {}) });
        } else if (v === U) missing.push(n.label ?? `提及${n.terms.map((t) => termText[t]).slice(0, 3).join('/')}`);
        return;
      case 'lacks':
        if (v === T) {
          for (const t of n.terms) {
            const len = termText[t]?.length ?? 0;
            for (const p of ctx.occ.get(t) ?? []) {
              const cue = negationAt(ctx.text, p, p + len);
              if (cue !== undefined) {
                evidence.push({ kind: 'negated', text: `${termText[t] ?? ''}（${cue}）`, ...(n.label ? { label: n.label } : {}) });
                return;
              }
            }
          }
        } else if (v === U) missing.push(n.label ?? `是否缺少${n.terms.map((t) => termText[t]).slice(0, 3).join('/')}`);
        return;
      case 'num': {
        if (v === T) {
          const q = relevantQuantities(n, ctx).find((x) => compareQuantity(x, n.op, n.value) === T);
          if (q) evidence.push({ kind: 'number', text: q.text, ...(n.label ? { label: n.label } : {}) });
        } else if (v === U) missing.push(n.label ?? `数值（${OP_TEXT[n.op]}${n.value}${n.unit}）`);
        return;
      }
      case 're':
        if (v === T) {
          const m = n.re.exec(ctx.text);
          evidence.push({ kind: 'regex', text: m?.[0] ?? '', ...(n.label ? { label: n.label } : {}) });
        }
        return;
      case 'all':
        if (v !== F) for (const c of n.c) explain(c, ctx, evidence, missing);
        return;
      case 'any': {
        if (v === T) {
          const c = n.c.find((x) => evalNode(x, ctx) === T);
          if (c) explain(c, ctx, evidence, missing);
        } else if (v === U) {
          const labels = n.c.filter((x) => evalNode(x, ctx) === U).map((x) => x.label).filter((x): x is string => !!x);
          missing.push(n.label ?? (labels.join(' 或 ') || '其一要件'));
        }
        return;
      }
      case 'not':
        if (v === U) missing.push(n.label ?? '排除条件');
        return;
    }
  }

  const rowOcc = new Occurrences(termText.length);
  const naiveOcc = new Occurrences(termText.length);
  const termLength = Int32Array.from(termText, (t) => t.length);
  const onMatch = (id: number, end: number): void => rowOcc.add(id, end - (termLength[id] ?? 0));

  function scanRow(text: string): RowContext {
    rowOcc.reset();
    automaton.scan(text, onMatch);
    return { text, occ: rowOcc, quantities: undefined };
  }

  return {
    ruleCount: rules.length,
    termCount: termText.length,
    decide(finding) {
      const text = normaliseText(finding.text);
      const ctx = scanRow(text);
      const industries = industryMap(finding.industry);
      const mask = standardMask(finding.date ?? options.asOf, finding.industry, industries);
      stamp++;
      const cands: number[] = [];
      for (const i of always) {
        if (mask[ruleStd[i] ?? 0] === 0) continue;
        seen[i] = stamp;
        cands.push(i);
      }
      for (const t of ctx.occ.ids) {
        const list = postings[t];
        if (list === undefined) continue;
        for (let k = 0; k < list.length; k++) {
          const i = list[k] ?? 0;
          // Rules of standards not in force or not of this industry are dropped before any evaluation.
          if (seen[i] !== stamp && mask[ruleStd[i] ?? 0] !== 0) {
            seen[i] = stamp;
            cands.push(i);
          }
        }
      }
      cands.sort((a, b) => a - b);
      return judge(ctx, cands, mask, industries);
    },
    decideNaive(finding) {
      const text = normaliseText(finding.text);
      const occ = naiveOcc;
      occ.reset();
      termText.forEach((t, id) => {
        for (let p = text.indexOf(t); p >= 0; p = text.indexOf(t, p + 1)) occ.add(id, p);
      });
      const industries = industryMap(finding.industry);
      const mask = standardMask(finding.date ?? options.asOf, finding.industry, industries);
      return judge({ text, occ, quantities: undefined }, rules.map((r) => r.index), mask, industries);
    },
    industryStandards(industry) {
      return resolver.standardIds(industry);
    },
    resolver,
    matchById(ruleId, evidenceText) {
      const rule = byId.get(ruleId);
      if (!rule) return undefined;
      const s = standards[rule.std]?.def;
      return {
        ruleId: rule.def.id,
        standardId: s?.id ?? '',
        standardTitle: s?.title ?? '',
        docNumber: s?.docNumber ?? '',
        clause: rule.clause,
        citation: rule.def.citation,
        title: rule.def.title,
        guidance: rule.def.guidance,
        evidence: [{ kind: 'keyword', text: evidenceText }],
        missing: [],
      };
    },
  };
}

const OP_TEXT: Record<CompareOp, string> = { gt: '超过', gte: '不少于', lt: '低于', lte: '不超过', eq: '等于' };

/** `mem-2023-10/12.2` → `12.2`; the part after the standard id. */
export function clauseOf(ruleId: string): string {
  const slash = ruleId.indexOf('/');
  return slash >= 0 ? ruleId.slice(slash + 1) : ruleId;
}

/** `@name` → the concept's terms (local concepts first, then shared); nested references resolved. */
export function expandTerm(
  term: string,
  local: Record<string, string[]> | undefined,
  shared: ReadonlyMap<string, string[]>,
  depth = 0,
): string[] {
  if (!term.startsWith('@')) return [term];
  if (depth > 5) return [];
  const name = term.slice(1);
  const list = local?.[name] ?? shared.get(name);
  if (!list) return [];
  return list.flatMap((t) => expandTerm(t, local, shared, depth + 1));
}

function compileNode(
  n: MatchNode,
  expand: (t: string) => string[],
  termId: (t: string) => number,
  positive: Set<number>,
  negated: boolean,
): CNode {
  const label = n.label;
  const ids = (terms: string[], post: boolean): number[] => {
    const out = [...new Set(terms.flatMap(expand).map(termId))];
    if (post && !negated) for (const id of out) positive.add(id);
    return out;
  };
  const base = label !== undefined ? { label } : {};
  if ('has' in n) return { k: 'has', terms: ids(n.has, true), absent: n.ifAbsent === 'unknown' ? U : F, ...base };
  if ('lacks' in n) return { k: 'lacks', terms: ids(n.lacks, true), absent: n.ifAbsent === 'unknown' ? U : F, ...base };
  if ('number' in n) {
    return {
      k: 'num',
      unit: canonicalUnit(n.number.unit) ?? n.number.unit,
      op: n.number.op,
      value: n.number.value,
      near: ids(n.number.near ?? [], false),
      within: n.number.within ?? 12,
      ...base,
    };
  }
  if ('regex' in n) return { k: 're', re: new RegExp(n.regex, 'u'), ...base };
  if ('all' in n) return { k: 'all', c: n.all.map((c) => compileNode(c, expand, termId, positive, negated)), ...base };
  if ('any' in n) return { k: 'any', c: n.any.map((c) => compileNode(c, expand, termId, positive, negated)), ...base };
  return { k: 'not', c: compileNode(n.not, expand, termId, positive, !negated), ...base };
}

// Value of a rule when none of its keywords occur (numbers and regexes assumed possible). Rules that can be
// true or undecided without any keyword are evaluated on every row instead of through postings.
function staticEval(n: CNode): Tri {
  switch (n.k) {
    case 'has':
    case 'lacks':
      return n.absent;
    case 'num':
    case 're':
      return U;
    case 'all': {
      let r: Tri = T;
      for (const c of n.c) {
        const v = staticEval(c);
        if (v === F) return F;
        if (v === U) r = U;
      }
      return r;
    }
    case 'any': {
      let r: Tri = F;
      for (const c of n.c) {
        const v = staticEval(c);
        if (v === T) return T;
        if (v === U) r = U;
      }
      return r;
    }
    case 'not':
      // Whatever the inner node, with its keywords absent a negation may hold.
      return staticEval(n.c) === T ? F : U;
  }
}
