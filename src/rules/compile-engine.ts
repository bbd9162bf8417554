import type { Criteria, MatchNode, RuleDef, Standard } from '../criteria/types.js';
import { IndustryResolver, type SectorMap } from '../domain/industry.js';
import { AhoCorasick } from './aho-corasick.js';
import { absentDefect, isDefectWord, negationAt, type SubjectBetween } from './negation.js';
import { findRebuttals } from './rebuttals.js';
import { ClauseIndex, DEFECT_CUE } from './retrieval.js';
import { comparisonCues } from '../text/comparisons.js';
import { normaliseText } from '../text/normalise.js';
import { canonicalUnit, compareQuantity, extractQuantities, type CompareOp, type Quantity, type Tri } from '../text/quantities.js';
import type { Candidate, Decision, DecisionTrace, Evidence, FindingInput, RuleMatch, TraceEdition, TraceElement, TraceRule } from './types.js';

const F: Tri = 0;
const U: Tri = 1;
const T: Tri = 2;

type CNode =
  | { k: 'has'; terms: number[]; absent: Tri; label?: string }
  | { k: 'lacks'; terms: number[]; absent: Tri; label?: string }
  | { k: 'num'; unit: string; op: CompareOp; value: number; near: number[]; within: number; label?: string }
  | { k: 're'; re: RegExp; label?: string }
  | { k: 'ind'; names: Set<string>; label?: string }
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
  /** The row's resolved 所属行业 (industry nodes read it); undefined when none was given or recognised. */
  sectors?: SectorMap | undefined;
  /** The standard of the rule being evaluated (industry nodes are relative to it). */
  std?: number;
  /** Sectors the finding's own words name (resolved once per row, when a sector clause first needs it; null: none). */
  textSectors?: SectorMap | null;
  occ: Occurrences;
  quantities: Quantity[] | undefined;
  /** Is another subject (a vocabulary word that is not itself a defect word) between two positions? */
  between: SubjectBetween;
}

/**
 * Which keywords occur in the current row, and where. Reused from row to row: a stamp per term instead of a
 * fresh Map, so the hot `has` test is an array read and a row allocates only for repeated keywords.
 */
class Occurrences {
  private stamp = 0;
  private readonly seenAt: Int32Array;
  private readonly first: Int32Array;
  private readonly firstEnd: Int32Array;
  /** Further spans of a term, flattened [start, end, start, end …] including the first. */
  private more = new Map<number, number[]>();
  /** Term ids found in this row, in order of first occurrence. */
  ids: number[] = [];

  constructor(termCount: number) {
    this.seenAt = new Int32Array(termCount);
    this.first = new Int32Array(termCount);
    this.firstEnd = new Int32Array(termCount);
  }

  reset(): void {
    if (++this.stamp >= 0x3fffffff) {
      this.seenAt.fill(0);
      this.stamp = 1;
    }
    this.ids = [];
    if (this.more.size) this.more = new Map();
  }

  /** A span of term `t`: its own text, or a floor name read as it (航吊 as 起重机), so the span is the written word. */
  add(t: number, start: number, end: number): void {
    if (this.seenAt[t] !== this.stamp) {
      this.seenAt[t] = this.stamp;
      this.first[t] = start;
      this.firstEnd[t] = end;
      this.ids.push(t);
      return;
    }
    let m = this.more.get(t);
    if (!m) this.more.set(t, (m = [this.first[t] ?? 0, this.firstEnd[t] ?? 0]));
    m.push(start, end);
    // Spans in text order whatever order they were found in (a floor name and the word itself, or the naive loop's
    // pattern order), so evidence and explanations do not depend on the search strategy.
    for (let k = m.length - 2; k >= 2 && ((m[k - 2] ?? 0) > (m[k] ?? 0) || ((m[k - 2] ?? 0) === (m[k] ?? 0) && (m[k - 1] ?? 0) > (m[k + 1] ?? 0))); k -= 2) {
      const [s0, e0] = [m[k - 2] ?? 0, m[k - 1] ?? 0];
      m[k - 2] = m[k] ?? 0;
      m[k - 1] = m[k + 1] ?? 0;
      m[k] = s0;
      m[k + 1] = e0;
    }
    if ((m[0] ?? 0) !== this.first[t]) {
      this.first[t] = m[0] ?? 0;
      this.firstEnd[t] = m[1] ?? 0;
    }
  }

  has(t: number): boolean {
    return this.seenAt[t] === this.stamp;
  }

  /** Flattened [start, end …] spans, or undefined when the term does not occur. */
  spans(t: number): readonly number[] | undefined {
    if (this.seenAt[t] !== this.stamp) return undefined;
    return this.more.get(t) ?? [this.first[t] ?? 0, this.firstEnd[t] ?? 0];
  }
}

export interface EngineOptions {
  /** Date used to pick editions when a finding has none (ISO). */
  asOf: string;
  /**
   * Similarity (0–1) from which a clause the finding resembles is proposed as a 待核实 candidate when no clause decides
   * it (see retrieval.ts). Default 0.55 (measured: lower values send many near-miss negatives to 待核实 for little gain); 1 turns proposals off.
   */
  candidateMinScore?: number;
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
  /** The decision trace (`hazard explain`): editions, industry, terms, negations, quantities, rules that nearly fired. */
  trace(finding: FindingInput, limit?: number): DecisionTrace;
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

  // Floor names (航吊, 电葫芦 → 起重机): a pattern of its own that, when found, counts as each canonical term it stands
  // for, with the written word's span. A floor name that is itself some rule's term keeps counting as that term too.
  const patternText = [...termText];
  const aliasOf: number[][] = [];
  for (const [canonical, words] of criteria.aliases ?? []) {
    const c = termIds.get(normaliseText(canonical));
    if (c === undefined) continue;
    for (const w of words) {
      const word = normaliseText(w);
      if (word === '') continue;
      let id = termIds.get(word) ?? patternText.indexOf(word, termText.length);
      if (id < 0) {
        id = patternText.length;
        patternText.push(word);
      }
      const list = (aliasOf[id] ??= []);
      if (!list.includes(c) && c !== id) list.push(c);
    }
  }
  const termCount = termText.length;
  const automaton = new AhoCorasick(patternText);
  const clauseIndex = new ClauseIndex(
    rules.map((r) => ({ rule: r.index, text: [r.def.title, r.def.text, ...r.def.examples.hit.map((e) => (typeof e === 'string' ? e : e.text))].join('。') })),
    rules.length,
  );
  const candidateMin = options.candidateMinScore ?? 0.55;
  const byId = new Map(rules.map((r) => [r.def.id, r]));
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
  function industryFits(rule: CRule, industries: SectorMap | undefined, ctx: RowContext): boolean {
    if (!rule.industries || standards[rule.std]?.general) return true;
    // No industry, or one the resolver does not recognise: every clause is tried — a label we cannot read never
    // switches sector clauses off in silence (the reader says the industry was not recognised).
    if (!industries) return true;
    const names = industries.get(rule.std);
    if (!names) return false;
    for (const n of names) if (rule.industries.has(n)) return true;
    // The finding itself may name another sector of the same standard (a 机械 works' 铝型材挤压线 is 有色 work) — but
    // only a specific one: a word every sector shares (烟花爆竹 in a 零售 shop's finding) does not widen the label.
    ctx.textSectors ??= resolver.resolve(ctx.text) ?? null;
    const named = ctx.textSectors?.get(rule.std);
    if (named && ![...names].some((n) => named.has(n))) for (const n of named) if (rule.industries.has(n)) return true;
    return false;
  }

  function judge(ctx: RowContext, ruleIds: Iterable<number>, mask: Uint8Array, industries: SectorMap | undefined): Decision {
    let matches: RuleMatch[] = [];
    const partial: RuleMatch[] = [];
    for (const i of ruleIds) {
      const rule = rules[i];
      if (!rule || mask[rule.std] === 0 || !industryFits(rule, industries, ctx)) continue;
      ctx.std = rule.std;
      ctx.sectors = industries;
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
    let rebuttals: string[] | undefined;
    if (matches.length > 0) {
      const found = findRebuttals(ctx.text);
      if (found.length > 0) {
        // Words that take the finding outside the clause: not 重大 on the words alone, 待核实 with the rebuttal named —
        // unless the clause itself is about that situation (检修作业 clauses and 检修期间).
        const kept: RuleMatch[] = [];
        for (const m of matches) {
          const clauseText = byId.get(m.ruleId)?.def.text ?? '';
          const apply = found.filter((r) => !r.premise.test(clauseText));
          if (apply.length === 0) {
            kept.push(m);
            continue;
          }
          const notes = apply.map((r) => `${r.note}（“${r.cue}”）`);
          rebuttals = [...new Set([...(rebuttals ?? []), ...notes])];
          partial.push({ ...m, missing: [...m.missing, ...notes] });
        }
        matches = kept;
      }
    }
    const proposed = matches.length === 0 && partial.length === 0 ? propose(ctx, mask, industries) : [];
    const determination = matches.length > 0 ? 'major' : partial.length > 0 || proposed.length > 0 ? 'indeterminate' : 'not-major';
    return { determination, matches, partial, candidates: proposed, ...(rebuttals ? { rebuttals } : {}) };
  }

  /** A clause the finding closely resembles while something is said to be wrong: proposed for review, never 重大. */
  function propose(ctx: RowContext, mask: Uint8Array, industries: SectorMap | undefined): Candidate[] {
    if (candidateMin >= 1 || !DEFECT_CUE.test(ctx.text)) return [];
    const found = clauseIndex.query(ctx.text, (i) => {
      const r = rules[i];
      return r !== undefined && mask[r.std] !== 0 && industryFits(r, industries, ctx);
    }, 3);
    const best = found[0]?.score ?? 0;
    if (best < candidateMin) return [];
    return found
      .filter((f) => f.score >= candidateMin && f.score >= best * 0.85)
      .map((f) => {
        const r = rules[f.rule];
        return { ruleId: r?.def.id ?? '', citation: r?.def.citation ?? '', title: r?.def.title ?? '', score: Math.round(f.score * 1000) / 1000 };
      });
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

  /** Negated around the span, or a floor name that carries its own negation (电没断 read as 断电). */
  function spanNegated(t: number, start: number, end: number, ctx: RowContext): boolean {
    if (negationAt(ctx.text, start, end, ctx.between) !== undefined) return true;
    return end - start !== (termText[t]?.length ?? 0) && /没|未|不/u.test(ctx.text.slice(start, end));
  }

  /** A word is there unless every occurrence is a defect noun written as absent (没裂纹, 未发现泄漏). */
  function presentAt(t: number, ctx: RowContext): boolean {
    if (defectNoun[t] !== 1) return true;
    const sp = ctx.occ.spans(t) ?? [];
    for (let k = 0; k < sp.length; k += 2) if (!absentDefect(ctx.text, termText[t] ?? '', sp[k] ?? 0)) return true;
    return false;
  }

  function evalNode(n: CNode, ctx: RowContext): Tri {
    switch (n.k) {
      case 'has':
        for (const t of n.terms) if (ctx.occ.has(t) && presentAt(t, ctx)) return T;
        return n.absent;
      case 'lacks': {
        let mentioned = false;
        for (const t of n.terms) {
          const sp = ctx.occ.spans(t);
          if (!sp) continue;
          mentioned = true;
          for (let k = 0; k < sp.length; k += 2) if (spanNegated(t, sp[k] ?? 0, sp[k + 1] ?? 0, ctx)) return T;
        }
        return mentioned ? F : n.absent;
      }
      case 'num':
        return evalNumber(n, ctx);
      case 're':
        return n.re.test(ctx.text) ? T : F;
      case 'ind': {
        const names = ctx.std === undefined ? undefined : ctx.sectors?.get(ctx.std);
        if (names) for (const x of names) if (n.names.has(x)) return T;
        return F;
      }
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
        const sp = ctx.occ.spans(t) ?? [];
        for (let k = 0; k < sp.length; k += 2) {
          const gap = Math.max(0, q.start - (sp[k + 1] ?? 0), (sp[k] ?? 0) - q.end);
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
          const sp = t === undefined ? undefined : ctx.occ.spans(t);
          if (sp) evidence.push({ kind: 'keyword', text: ctx.text.slice(sp[0] ?? 0, sp[1] ?? 0), ...(n.label ? { label: n.label } : {}) });
        } else if (v === U) missing.push(n.label ?? `提及${n.terms.map((t) => termText[t]).slice(0, 3).join('/')}`);
        return;
      case 'lacks':
        if (v === T) {
          for (const t of n.terms) {
            const sp = ctx.occ.spans(t) ?? [];
            for (let k = 0; k < sp.length; k += 2) {
              const cue = negationAt(ctx.text, sp[k] ?? 0, sp[k + 1] ?? 0, ctx.between);
              if (cue !== undefined) {
                evidence.push({ kind: 'negated', text: `${ctx.text.slice(sp[k] ?? 0, sp[k + 1] ?? 0)}（${cue}）`, ...(n.label ? { label: n.label } : {}) });
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
      case 'ind':
        if (v === T) evidence.push({ kind: 'keyword', text: `所属行业：${[...(ctx.sectors?.get(ctx.std ?? -1) ?? [])].join('、')}`, ...(n.label ? { label: n.label } : {}) });
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
  const patternLength = Int32Array.from(patternText, (t) => t.length);
  const onMatch = (id: number, end: number): void => addSpan(rowOcc, id, end - (patternLength[id] ?? 0), end);

  function addSpan(occ: Occurrences, id: number, start: number, end: number): void {
    if (id < termCount) occ.add(id, start, end);
    const canon = aliasOf[id];
    if (canon) for (const c of canon) occ.add(c, start, end);
  }

  function scanRow(text: string): RowContext {
    rowOcc.reset();
    automaton.scan(text, onMatch);
    return { text, occ: rowOcc, quantities: undefined, between: betweenOf(rowOcc) };
  }

  // Subject words: vocabulary that is not itself a defect or absence word (缺失, 不全 …) and is at least two characters.
  // Generic heads (装置, 系统, 保护装置 …) continue the subject before them (联锁保护装置被拆除), so they never interrupt it.
  const GENERIC_HEAD = /^(保护)?(装置|系统|设施|设备|装备|器具|仪表|回路|电源|开关|按钮|阀门?|管线?)$/u;
  const defectNoun = Uint8Array.from(termText, (t) => (absentDefect(`无${t}`, t, 1) || absentDefect(`未${t}`, t, 1) ? 1 : 0));
  const subjectTerm = Uint8Array.from(termText, (t) => (t.length >= 2 && !isDefectWord(t) && !GENERIC_HEAD.test(t) ? 1 : 0));

  function betweenOf(occ: Occurrences): SubjectBetween {
    return (from, to) => {
      for (const t of occ.ids) {
        if (subjectTerm[t] !== 1) continue;
        const sp = occ.spans(t) ?? [];
        // Only a subject that starts after a gap is a new one: words that run on from the term are its compound (报警装置).
        for (let k = 0; k < sp.length; k += 2) if ((sp[k] ?? 0) > from && (sp[k + 1] ?? 0) <= to) return true;
      }
      return false;
    };
  }

function decide(finding: FindingInput): Decision {
    const text = readFinding(finding.text);
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
  }

function decideNaive(finding: FindingInput): Decision {
    const text = readFinding(finding.text);
    const occ = naiveOcc;
    occ.reset();
    patternText.forEach((t, id) => {
      for (let p = text.indexOf(t); p >= 0; p = text.indexOf(t, p + 1)) addSpan(occ, id, p, p + t.length);
    });
    const industries = industryMap(finding.industry);
    const mask = standardMask(finding.date ?? options.asOf, finding.industry, industries);
    return judge({ text, occ, quantities: undefined, between: betweenOf(occ) }, rules.map((r) => r.index), mask, industries);
  }

  const TRI_TEXT = ['false', 'unknown', 'true'] as const;

  function elementsOf(n: CNode, ctx: RowContext): TraceElement[] {
    const kids = n.k === 'all' || n.k === 'any' ? n.c : [n];
    return kids.map((c) => ({ label: c.label ?? describeNode(c), value: TRI_TEXT[evalNode(c, ctx)] }));
  }

  function describeNode(n: CNode): string {
    switch (n.k) {
      case 'has':
        return `提及 ${n.terms.slice(0, 4).map((t) => termText[t]).join('/')}`;
      case 'lacks':
        return `缺少或失效 ${n.terms.slice(0, 4).map((t) => termText[t]).join('/')}`;
      case 'num':
        return `数值${OP_TEXT[n.op]}${n.value}${n.unit}`;
      case 're':
        return `句式 ${n.re.source.slice(0, 30)}`;
      case 'ind':
        return `所属行业为${[...n.names].join('、')}`;
      case 'not':
        return `非（${describeNode(n.c)}）`;
      default:
        return n.k === 'all' ? '全部要件' : '其一要件';
    }
  }

  function trace(finding: FindingInput, limit = 8): DecisionTrace {
    const decision = decide(finding);
    const text = readFinding(finding.text);
    const ctx = scanRow(text);
    const date = finding.date ?? options.asOf;
    const industries = industryMap(finding.industry);
    const mask = standardMask(date, finding.industry, industries);
    const editions: TraceEdition[] = standards.map((s, i) => {
      const inForce = date >= s.effective && (s.repealed === undefined || date < s.repealed);
      const base = { standardId: s.def.id, title: s.def.title, docNumber: s.def.docNumber, rules: s.def.rules.length };
      if (mask[i] === 2) return { ...base, status: 'stand-in', reason: `现行版本条文未收录，由本版本代为判定（结果为待核实）` };
      if (mask[i] === 1) return { ...base, status: 'in-force', reason: s.general ? '不分行业，施行中' : industries ? `所属行业属于本标准（${[...(industries.get(i) ?? [])].join('、')}）` : '施行中（未识别行业，全部行业标准均适用）' };
      if (!inForce) return { ...base, status: 'not-in-force', reason: date < s.effective ? `${date} 尚未施行（${s.effective} 起施行）` : `${s.repealed ?? ''} 起废止` };
      return { ...base, status: 'not-this-industry', reason: '所属行业不属于本标准' };
    });
    const terms = ctx.occ.ids.flatMap((t) => {
      const sp = ctx.occ.spans(t) ?? [];
      const out: DecisionTrace['terms'] = [];
      for (let k = 0; k < sp.length; k += 2) {
        const at = sp[k] ?? 0;
        const written = text.slice(at, sp[k + 1] ?? 0);
        const cue = negationAt(text, at, sp[k + 1] ?? 0, ctx.between);
        out.push({ term: written === termText[t] ? written : `${written}（读作 ${termText[t] ?? ''}）`, at, ...(cue !== undefined ? { negation: cue } : {}) });
      }
      return out;
    });
    terms.sort((a, b) => a.at - b.at || b.term.length - a.term.length);
    ctx.quantities ??= extractQuantities(text);
    const quantities = ctx.quantities.map((q) => ({ text: q.text, unit: q.unit, lo: q.lo, hi: q.hi }));
    const seenRules = new Set<number>();
    for (const t of ctx.occ.ids) for (const i of postings[t] ?? []) seenRules.add(i);
    const traced: (TraceRule & { score: number })[] = [];
    for (const i of seenRules) {
      const rule = rules[i];
      if (!rule) continue;
      ctx.std = rule.std;
      ctx.sectors = industries;
      const v = evalNode(rule.root, ctx);
      const elements = elementsOf(rule.root, ctx);
      const score = elements.filter((e) => e.value === 'true').length * 2 + elements.filter((e) => e.value === 'unknown').length;
      let blockedBy: string | undefined;
      if (mask[rule.std] === 0) blockedBy = editions[rule.std]?.reason ?? '标准不适用';
      else if (!industryFits(rule, industries, ctx)) blockedBy = `本条只适用于${[...(rule.industries ?? [])].join('、')}`;
      else {
        const x = rule.excludes.find((e) => evalNode(e, ctx) === T);
        if (x) blockedBy = `排除：${x.label ?? describeNode(x)}`;
      }
      const s = standards[rule.std]?.def;
      traced.push({ ruleId: rule.def.id, citation: rule.def.citation, title: rule.def.title, standardId: s?.id ?? '', value: TRI_TEXT[v], elements, ...(blockedBy ? { blockedBy } : {}), score });
    }
    // Rules that could decide this finding first (standard in force, industry fits, no exclude), then the blocked ones.
    traced.sort((a, b) => Number(a.blockedBy !== undefined) - Number(b.blockedBy !== undefined) || b.score - a.score || a.ruleId.localeCompare(b.ruleId));
    const resolution = industries ? [...industries.entries()].map(([i, names]) => ({ standardId: standards[i]?.def.id ?? '', sectors: [...names] })) : undefined;
    return {
      text,
      date,
      ...(finding.industry ? { industry: finding.industry } : {}),
      ...(resolution ? { industryResolution: resolution } : {}),
      industryRecognised: industries !== undefined,
      editions,
      terms,
      quantities,
      rules: traced.slice(0, limit).map(({ score: _score, ...r }) => r),
      decision,
    };
  }

  return {
    ruleCount: rules.length,
    termCount: termText.length,
    decide: decide,
    trace,
    decideNaive,
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

/**
 * The text a finding is judged on: normalised, and followed by what its in-sentence comparisons say (核定4人…8个人 →
 * 超过核定，超员), a sentence of its own so no window of the written text changes.
 */
export function readFinding(raw: string): string {
  const text = normaliseText(raw);
  return text + comparisonCues(text);
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
  if ('industry' in n) return { k: 'ind', names: new Set(n.industry), ...base };
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
    case 'ind':
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
