import type { Criteria, RuleDef, Standard } from '../criteria/types.js';
import { normaliseText } from '../rules/normalise-text.js';

export interface ChecklistProfile {
  industries: string[];
  attributes: string[];
  asOf: string;
}

export interface SelectedStandard {
  standard: Standard;
  /** Industry names of the standard the enterprise falls under ('*' for general standards). */
  matchedIndustries: string[];
  rules: RuleDef[];
}

export interface ClauseSelection {
  standards: SelectedStandard[];
  /** Applicable standards in force whose clause text is not established: listed, never invented. */
  metadataOnly: Standard[];
}

const contains = (a: string, b: string): boolean => a !== '' && b !== '' && (a.includes(b) || b.includes(a));

/**
 * The clauses an enterprise must check itself against (seeds: "对照国家判定标准，明确涉及自身的重大事故隐患条款"):
 * standards in force on the date whose industries match, general standards (消防、特种设备), and within them the
 * rules whose industry and attribute conditions the profile meets.
 */
export function selectClauses(criteria: Criteria, profile: ChecklistProfile): ClauseSelection {
  const industries = profile.industries.map(normaliseText).filter((x) => x !== '');
  const attributes = profile.attributes.map(normaliseText).filter((x) => x !== '');
  const standards: SelectedStandard[] = [];
  const metadataOnly: Standard[] = [];
  for (const std of criteria.standards) {
    if (std.effective > profile.asOf || (std.repealed !== undefined && profile.asOf >= std.repealed)) continue;
    const general = std.scope === 'general';
    const matched = general
      ? ['*']
      : std.industries
          .filter((ind) => [ind.name, ...(ind.synonyms ?? [])].some((syn) => industries.some((i) => contains(i, normaliseText(syn)))))
          .map((ind) => ind.name);
    if (!general && matched.length === 0) continue;
    if (std.verification.status === 'metadata-only') {
      metadataOnly.push(std);
      continue;
    }
    const rules = std.rules.filter((r) => {
      const inds = r.applies?.industries;
      if (inds && !general && !inds.some((n) => matched.includes(n))) return false;
      const attrs = r.applies?.attributes;
      if (attrs && !attrs.some((a) => attributes.some((have) => contains(have, normaliseText(a))))) return false;
      return true;
    });
    if (rules.length) standards.push({ standard: std, matchedIndustries: matched, rules });
  }
  return { standards, metadataOnly };
}
