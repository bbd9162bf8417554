/**
 * Metrics that need an inspection log or a roster (docs/report-model.md): 主要负责人带队检查 frequency
 * (quarterly; monthly for 高危, 考核要点 第8项), 每千次检查发现重大事故隐患数, and enterprises that did not report.
 * The period is the calendar year of asOf up to asOf; only periods that have ended are judged.
 */
import { isoDay } from '../domain/lifecycle.js';
import { rate } from './cohort-metrics.js';
import { monthEnd } from './dynamic-zero.js';
import { normaliseKey, type Fact, type OrgRef } from './facts.js';
import { isHighRiskIndustry } from '../domain/industry.js';
import type { EnterpriseInspection, InspectionRecord, InspectionSummary, RosterEntry } from './types.js';

export interface InspectionContext {
  asOf: string;
  facts: readonly Fact[];
  inspections?: readonly InspectionRecord[];
  roster?: readonly RosterEntry[];
  perThousand: 'government' | 'all';
  resolveOrg: (name?: string, uscc?: string) => OrgRef;
  /** Industry by org key (roster first, then the ledger). */
  orgIndustry: ReadonlyMap<string, string>;
  highRiskOf?: ((industry: string | undefined) => boolean) | undefined;
  highRiskOverride?: { org?: string; highRisk: boolean } | undefined;
}

/** Ended months (YYYY-MM) or quarters (YYYYQn) of the year of asOf. */
function endedPeriods(asOf: string, cadence: 'month' | 'quarter'): string[] {
  const year = asOf.slice(0, 4);
  const out: string[] = [];
  for (let m = 1; m <= 12; m++) {
    const month = `${year}-${String(m).padStart(2, '0')}`;
    if (monthEnd(month) > asOf) break;
    if (cadence === 'month') out.push(month);
    else if (m % 3 === 0) out.push(`${year}Q${m / 3}`);
  }
  return out;
}

function periodOf(day: string, cadence: 'month' | 'quarter'): string {
  return cadence === 'month' ? day.slice(0, 7) : `${day.slice(0, 4)}Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
}

function samePerson(a: string | undefined, b: string | undefined): boolean {
  const x = normaliseKey(a).replace(/\s/g, '');
  return x !== '' && x === normaliseKey(b).replace(/\s/g, '');
}

export function inspectionSummary(ctx: InspectionContext): InspectionSummary | null {
  const { asOf, inspections, roster } = ctx;
  if (inspections === undefined && roster === undefined) return null;
  const from = `${asOf.slice(0, 4)}-01-01`;
  const inPeriod = (day: string | undefined): day is string => day !== undefined && day >= from && day <= asOf;
  const log = (inspections ?? []).flatMap((i) => {
    const day = isoDay(i.date);
    return inPeriod(day) ? [{ ...i, day, org: ctx.resolveOrg(i.org, i.uscc) }] : [];
  });
  const government = log.filter((i) => i.kind === 'government').length;
  const majorsFound = ctx.facts.filter(
    (f) => f.level === 'major' && inPeriod(f.found) && (ctx.perThousand === 'all' || f.source === 'government'),
  ).length;
  const denominator = ctx.perThousand === 'government' ? government : log.length;

  const rosterByKey = new Map((roster ?? []).map((r) => [ctx.resolveOrg(r.org, r.uscc).key, r]));
  const orgs = new Map<string, OrgRef>();
  for (const r of roster ?? []) {
    const org = ctx.resolveOrg(r.org, r.uscc);
    orgs.set(org.key, org);
  }
  if (roster === undefined) {
    for (const i of log) orgs.set(i.org.key, i.org);
    for (const f of ctx.facts) orgs.set(f.org.key, f.org);
  }

  const enterprises: EnterpriseInspection[] = [];
  if (inspections !== undefined) {
    for (const [key, org] of orgs) {
      const entry = rosterByKey.get(key);
      const override = ctx.highRiskOverride;
      const overridden = override && (override.org === undefined || ctx.resolveOrg(override.org, undefined).key === key) ? override.highRisk : undefined;
      const highRisk = entry?.highRisk ?? overridden ?? (ctx.highRiskOf ?? isHighRiskIndustry)(ctx.orgIndustry.get(key));
      const cadence = highRisk ? 'month' : 'quarter';
      const led = new Set(
        log
          .filter((i) => i.org.key === key && i.kind !== 'government')
          .filter((i) => i.leaderIsPrincipal ?? samePerson(i.leader, entry?.principal))
          .map((i) => periodOf(i.day, cadence)),
      );
      const periods = endedPeriods(asOf, cadence);
      const missing = periods.filter((p) => !led.has(p));
      enterprises.push({
        org: org.label,
        highRisk,
        cadence,
        periods: periods.length,
        covered: periods.length - missing.length,
        missing,
        compliant: missing.length === 0,
      });
    }
  }

  let expected: number | null = null;
  let reported: number | null = null;
  const notReported: string[] = [];
  if (roster !== undefined) {
    const active = new Set([
      ...log.map((i) => i.org.key),
      ...ctx.facts.filter((f) => inPeriod(f.found)).map((f) => f.org.key),
    ]);
    expected = orgs.size;
    for (const [key, org] of orgs) if (!active.has(key)) notReported.push(org.label);
    reported = expected - notReported.length;
  }

  return {
    from,
    to: asOf,
    inspections: log.length,
    governmentInspections: government,
    perThousandSource: ctx.perThousand,
    majorsFound,
    majorsPerThousand: inspections === undefined || denominator === 0 ? null : (majorsFound / denominator) * 1000,
    enterprises,
    expected,
    reported,
    reportingRate: expected === null || reported === null ? null : rate(reported, expected),
    notReported,
  };
}
