import type { Criteria, RuleDef, Standard } from '../criteria/types.js';
import { IndustryResolver } from '../domain/industry.js';
import { normaliseText } from '../text/normalise.js';

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
 * The clauses an enterprise must check itself against (《安全生产治本攻坚三年行动方案（2024—2026年）》: "对照国家判定标准，明确涉及自身的重大事故隐患条款"):
 * standards in force on the date whose industries match, general standards (消防、特种设备), and within them the
 * rules whose industry and attribute conditions the profile meets.
 */
export function selectClauses(criteria: Criteria, profile: ChecklistProfile, resolver = new IndustryResolver(criteria.standards)): ClauseSelection {
  // The engine's resolver, so a checklist lists the clauses `check` would apply to the same 所属行业.
  const sectors = new Map<number, Set<string>>();
  for (const text of profile.industries) {
    for (const [std, names] of resolver.resolve(text) ?? []) {
      const set = sectors.get(std) ?? new Set<string>();
      for (const n of names) set.add(n);
      sectors.set(std, set);
    }
  }
  const attributes = profile.attributes.map(normaliseText).filter((x) => x !== '');
  const standards: SelectedStandard[] = [];
  const metadataOnly: Standard[] = [];
  for (const [index, std] of criteria.standards.entries()) {
    if (std.effective > profile.asOf || (std.repealed !== undefined && profile.asOf >= std.repealed)) continue;
    const general = std.scope === 'general';
    const matched = general ? ['*'] : std.industries.map((ind) => ind.name).filter((n) => sectors.get(index)?.has(n));
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
