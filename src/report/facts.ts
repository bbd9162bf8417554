/**
 * One `Fact` per record: the lifecycle dates and the grouping keys, derived once so that every metric,
 * month-end and group is plain string comparison afterwards.
 */
import {
  effectiveLevel,
  isoDay,
  lifecycleDates,
  missingFiveInPlace,
  type Determination,
  type LifecycleDates,
} from '../domain/lifecycle.js';
import type { FindingRecord, Level, SourceBucket } from '../domain/finding-record.js';
import type { ReportOptions, ReportScope, RosterEntry } from './types.js';

export interface Fact extends LifecycleDates {
  found: string;
  level?: Level;
  source?: SourceBucket;
  org: OrgRef;
  region: string;
  industry: string;
  /** The sector the industry text resolves to (the `--by industry` group key). */
  sector: string;
  supervised: boolean;
  /** Normalised 督办级别, '未填级别' when supervised without one, '未挂牌' when not supervised. */
  supLevel: string;
  fiveInPlace: boolean;
  inPlan: boolean;
  /** 元. */
  funds?: number;
}

export interface OrgRef {
  key: string;
  label: string;
}

export const UNSET = '（未填写）';
export const NOT_SUPERVISED = '未挂牌';
export const SUP_LEVEL_UNSET = '未填级别';
export const SUP_LEVELS = ['国家级', '省级', '市级', '县级', '乡镇级'] as const;

/** Trimmed NFKC text with inner whitespace collapsed; '' when empty. */
export function normaliseKey(value: string | undefined): string {
  return (value ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** 挂牌督办级别 text or code (1 国家级 … 5 乡镇级, as the 重大事故隐患数据库 codes them) → a canonical level, else the text. */
export function normaliseSupLevel(value: string | undefined): string {
  const t = normaliseKey(value).replace(/\s/g, '');
  if (t === '') return SUP_LEVEL_UNSET;
  const code = /^[1-5]$/.test(t) ? SUP_LEVELS[Number(t) - 1] : undefined;
  if (code !== undefined) return code;
  if (/国家|国务院|部级/.test(t)) return '国家级';
  if (/省|自治区|直辖市/.test(t)) return '省级';
  if (/乡|镇|街道/.test(t)) return '乡镇级';
  if (/县|旗|管委会/.test(t)) return '县级';
  if (/市|州|盟|地区/.test(t)) return '市级';
  if (/区/.test(t)) return '县级';
  return t;
}

/**
 * Resolves enterprises to one key: by 统一社会信用代码 when present, else by the NFKC name (docs/report-model.md).
 * Roster entries register first so their names win as labels.
 */
export function makeOrgResolver(roster: readonly RosterEntry[] = []): (name?: string, uscc?: string) => OrgRef {
  const byUscc = new Map<string, OrgRef>();
  const byName = new Map<string, OrgRef>();
  const resolve = (name?: string, uscc?: string): OrgRef => {
    const u = normaliseKey(uscc).toUpperCase();
    const n = normaliseKey(name).replace(/\s/g, '');
    const known = (u !== '' ? byUscc.get(u) : undefined) ?? (n !== '' ? byName.get(n) : undefined);
    const ref = known ?? { key: u !== '' ? `uscc:${u}` : `name:${n}`, label: name?.trim() || uscc?.trim() || UNSET };
    if (u !== '' && !byUscc.has(u)) byUscc.set(u, ref);
    if (n !== '' && !byName.has(n)) byName.set(n, ref);
    return ref;
  };
  for (const entry of roster) resolve(entry.org, entry.uscc);
  return resolve;
}

function determinationOf(
  options: ReportOptions,
  record: FindingRecord,
  index: number,
): Determination | undefined {
  const d = options.determinations;
  if (d === undefined) return undefined;
  return 'get' in d ? d.get(record) : d[index];
}

const RECTIFIED_STATES = new Set(['rectified', 'accepted', 'closed']);

/** Group keys seen on any input row, in scope or not, so groups without in-scope hazards still show. */
export interface SeenGroups {
  region: Set<string>;
  industry: Set<string>;
  org: Map<string, OrgRef>;
}

/**
 * Builds the facts one record at a time, so a caller streaming a million rows keeps only the compact facts
 * (strings interned: dates, regions and industries repeat) and never the records themselves.
 */
export class FactCollector {
  readonly facts: Fact[] = [];
  readonly scope: ReportScope = {
    input: 0,
    included: 0,
    excluded: { foundAfterAsOf: 0, noFoundDate: 0, draft: 0 },
    unknownLevel: 0,
    undatedRectified: 0,
    determinationsApplied: 0,
  };
  readonly seen: SeenGroups = { region: new Set(), industry: new Set(), org: new Map() };
  private readonly interned = new Map<string, string>();

  constructor(
    private readonly options: Pick<ReportOptions, 'asOf' | 'strict' | 'sectorOf'>,
    private readonly resolveOrg: (name?: string, uscc?: string) => OrgRef,
  ) {}

  private intern<T extends string | undefined>(value: T): T {
    if (value === undefined) return value;
    const known = this.interned.get(value);
    if (known !== undefined) return known as T;
    if (this.interned.size < 200_000) this.interned.set(value, value);
    return value;
  }

  add(record: FindingRecord, determination?: Determination): void {
    const { scope, seen, options } = this;
    scope.input++;
    const f = record.fields;
    const org = this.resolveOrg(f.org_name, f.uscc);
    const region = this.intern(normaliseKey(f.region));
    const industry = this.intern(normaliseKey(f.industry));
    const sector = this.options.sectorOf ? this.intern(normaliseKey(this.options.sectorOf(f.industry))) : industry;
    seen.org.set(org.key, org);
    seen.region.add(region);
    seen.industry.add(sector);
    const found = isoDay(f.found_date);
    if (f.status === 'draft') scope.excluded.draft++;
    else if (found === undefined) scope.excluded.noFoundDate++;
    else if (found > options.asOf) scope.excluded.foundAfterAsOf++;
    if (f.status === 'draft' || found === undefined || found > options.asOf) return;

    if (determination === 'major' || determination === 'not-major') scope.determinationsApplied++;
    const level = effectiveLevel(record, determination);
    if (level === undefined) scope.unknownLevel++;
    const dates = lifecycleDates(record, { strict: options.strict });
    if (dates.done === undefined && f.status !== undefined && RECTIFIED_STATES.has(f.status)) {
      scope.undatedRectified++;
    }
    scope.included++;
    // One fixed-shape literal, every key always present: built from conditional spreads, each fact got a
    // hidden class of its own (~1 KB of V8 maps and descriptors per row, measured in a heap snapshot).
    this.facts.push({
      due: this.intern(dates.due),
      done: this.intern(dates.done),
      closed: this.intern(dates.closed),
      found: this.intern(found),
      level,
      source: f.source,
      org,
      region,
      industry,
      sector,
      supervised: f.supervised === true,
      supLevel: f.supervised === true ? this.intern(normaliseSupLevel(f.sup_level)) : NOT_SUPERVISED,
      fiveInPlace: missingFiveInPlace(record).length === 0,
      inPlan: f.in_plan === true,
      funds: f.funds,
    });
  }
}

/** Facts of the records in scope (found on or before asOf, not drafts) and the scope tally. */
export function deriveFacts(
  records: readonly FindingRecord[],
  options: ReportOptions,
  resolveOrg: (name?: string, uscc?: string) => OrgRef,
): { facts: Fact[]; scope: ReportScope; seen: SeenGroups } {
  const collector = new FactCollector(options, resolveOrg);
  for (const [index, record] of records.entries()) collector.add(record, determinationOf(options, record, index));
  return { facts: collector.facts, scope: collector.scope, seen: collector.seen };
}
