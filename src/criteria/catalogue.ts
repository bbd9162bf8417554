import { IndustryResolver } from '../domain/industry.js';
import type { Criteria } from './types.js';

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
