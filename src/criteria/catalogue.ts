import { IndustryResolver } from '../domain/industry.js';
import type { Criteria, Standard } from './types.js';

export interface CatalogueEntry {
  id: string;
  title: string;
  docNumber: string;
  issuer: string;
  domain: string;
  effective: string;
  repealed?: string;
  supersedes?: string;
  supersededBy?: string;
  verification: string;
  rules: number;
  officialClauseCount?: number;
  /** shipped / official, 0..1, when the official count is known. */
  coverage?: number;
  coverageNote?: string;
  inForce: boolean;
  file: string;
}

export interface CatalogueOptions {
  industry?: string;
  asOf: string;
}

/** The catalogue behind `criteria list`: every standard, edition and its verification status. */
export function buildCatalogue(criteria: Criteria, options: CatalogueOptions): CatalogueEntry[] {
  const wanted = options.industry ? new Set(new IndustryResolver(criteria.standards).standardIds(options.industry) ?? []) : undefined;
  return criteria.standards
    .filter((s) => !wanted || s.scope === 'general' || wanted.has(s.id))
    .map((s) => ({
      id: s.id,
      title: s.title,
      docNumber: s.docNumber,
      issuer: s.issuer,
      domain: s.domain,
      effective: s.effective,
      ...(s.repealed ? { repealed: s.repealed } : {}),
      ...(s.supersedes ? { supersedes: s.supersedes } : {}),
      ...(s.supersededBy ? { supersededBy: s.supersededBy } : {}),
      verification: s.verification.status,
      rules: s.rules.length,
      ...(s.officialClauseCount !== undefined ? { officialClauseCount: s.officialClauseCount } : {}),
      ...(s.officialClauseCount ? { coverage: s.rules.length / s.officialClauseCount } : {}),
      ...(s.coverageNote ? { coverageNote: s.coverageNote } : {}),
      // An unverified effective date (metadata-only) counts as in force unless a repeal date says otherwise.
      inForce: s.effective <= options.asOf && (!s.repealed || options.asOf < s.repealed),
      file: s.file,
    }))
    .sort((a, b) => a.domain.localeCompare(b.domain, 'zh') || b.effective.localeCompare(a.effective));
}

/** How the tool answers for a standard in force: decides it, stands in with an older edition's rules, or only lists it. */
export type CoverageMode = 'rules' | 'stand-in' | 'metadata';

export interface CoverageRow {
  id: string;
  title: string;
  docNumber: string;
  domain: string;
  /** '' when not verified. */
  effective: string;
  mode: CoverageMode;
  /** Rules the tool evaluates for this standard: its own, or (stand-in) those of the edition it supersedes. */
  rules: number;
  officialClauseCount?: number;
  verification: string;
  /** The edition whose rules stand in (mode `stand-in` only). */
  standIn?: { id: string; docNumber: string };
}

export interface CoverageTable {
  asOf: string;
  rows: CoverageRow[];
  totals: { standards: number; rules: number; decided: number; standIn: number; listed: number };
}

/**
 * The national count of determination standards, as publicly reported (no official member list was published,
 * so the catalogue's editions cannot be matched one to one against it).
 */
export const NATIONAL_COUNT = {
  count: 67,
  asOfYearEnd: 2025,
  reportedOn: '2026-02-27',
  statement: '应急管理部新闻发布会通报：2025 年制修订重大事故隐患判定标准 14 项、总数增至 67 项',
  source: '中新社报道（参考消息网转载） https://us.usy7.cc/usy02281GTae.pdf',
} as const;

/** In force on `asOf`: an unverified effective date ('') counts as in force unless a repeal date says otherwise. */
function inForceOn(s: Standard, asOf: string): boolean {
  return s.effective <= asOf && (!s.repealed || asOf < s.repealed);
}

/**
 * `criteria list --coverage`: every standard in force on `asOf` and how the tool answers for it. A standard in force
 * without rules that supersedes an edition with rules is stood in for by that edition (the engine's rule: its clauses
 * are evaluated and come back 待核实 with a note); otherwise it is only listed.
 */
export function buildCoverage(criteria: Criteria, options: CatalogueOptions): CoverageTable {
  const wanted = options.industry ? new Set(new IndustryResolver(criteria.standards).standardIds(options.industry) ?? []) : undefined;
  const byId = new Map(criteria.standards.map((s) => [s.id, s]));
  const rows: CoverageRow[] = criteria.standards
    .filter((s) => inForceOn(s, options.asOf) && (!wanted || s.scope === 'general' || wanted.has(s.id)))
    .map((s): CoverageRow => {
      const prev = s.rules.length === 0 && s.supersedes ? byId.get(s.supersedes) : undefined;
      const standIn = prev && prev.rules.length > 0 ? prev : undefined;
      const mode: CoverageMode = s.rules.length > 0 ? 'rules' : standIn ? 'stand-in' : 'metadata';
      return {
        id: s.id,
        title: s.title,
        docNumber: s.docNumber,
        domain: s.domain,
        effective: s.effective,
        mode,
        rules: mode === 'rules' ? s.rules.length : (standIn?.rules.length ?? 0),
        ...(s.officialClauseCount !== undefined ? { officialClauseCount: s.officialClauseCount } : {}),
        verification: s.verification.status,
        ...(standIn ? { standIn: { id: standIn.id, docNumber: standIn.docNumber } } : {}),
      };
    })
    .sort((a, b) => MODE_ORDER[a.mode] - MODE_ORDER[b.mode] || a.domain.localeCompare(b.domain, 'zh') || a.id.localeCompare(b.id));
  const count = (m: CoverageMode): number => rows.filter((r) => r.mode === m).length;
  return {
    asOf: options.asOf,
    rows,
    totals: {
      standards: rows.length,
      rules: rows.filter((r) => r.mode === 'rules').reduce((n, r) => n + r.rules, 0),
      decided: count('rules'),
      standIn: count('stand-in'),
      listed: count('metadata'),
    },
  };
}

const MODE_ORDER: Record<CoverageMode, number> = { rules: 0, 'stand-in': 1, metadata: 2 };
