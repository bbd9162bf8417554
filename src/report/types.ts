/**
 * The report's result model. It is plain JSON (numbers, strings, null): `report-json` serialises it
 * as is and schema/report.schema.json describes it. Rates are 0..1, or null when the denominator is 0.
 */
import type { Determination } from '../domain/levels.js';
import type { FindingRecord } from '../domain/finding-record.js';

export type Rate = number | null;

/** 按期整改率: "due" judges only hazards whose deadline ≤ asOf; "cohort" divides by the whole cohort. */
export type OnTimeVariant = 'due' | 'cohort';

export type GroupBy = 'region' | 'industry' | 'org' | 'sup_level';

export type CohortName = 'all' | 'major' | 'general';

/** 动态清零: "managed" = no overdue major and every open major has full 五落实; "strict" = no open major. */
export type DynamicZeroVariant = 'managed' | 'strict';

export type InspectionKind = 'self' | 'government' | 'other';

/** One row of an inspection log (docs/report-model.md). */
export interface InspectionRecord {
  org: string;
  uscc?: string;
  /** ISO day. */
  date: string;
  /** 带队人. */
  leader?: string;
  /** 带队人是主要负责人. When absent, the roster's principal name is compared with `leader`. */
  leaderIsPrincipal?: boolean;
  kind: InspectionKind;
}

/** One enterprise of an org roster (docs/report-model.md). */
export interface RosterEntry {
  org: string;
  uscc?: string;
  region?: string;
  industry?: string;
  /** Overrides the 高危 classification by industry (docs/report-model.md). */
  highRisk?: boolean;
  /** 主要负责人姓名. */
  principal?: string;
}

/** Named, overridable targets: the figures of one public document, shipped as a profile rather than constants. */
export interface TargetProfile {
  id: string;
  /** The document the figures come from, as printed under the report title. */
  name: string;
  stockOnTimeRate: number;
  stockClearBy: string;
  /** "基本消除": open stock hazards tolerated at the deadline. */
  stockClearTolerance: number;
  year2024OnTimeRate: number;
  increment2025OverdueMax: number;
  dynamicZeroYear: number;
  /** 企业自查自改率 must exceed this (2023 national 专项行动 level); null disables the check. */
  selfRectifiedRate: number | null;
}

export interface ReportOptions {
  /** ISO day the report is as of. */
  asOf: string;
  onTime?: OnTimeVariant;
  /** One grouping, several (one table each), or none (only the 合计 row). */
  by?: GroupBy | 'none' | readonly GroupBy[];
  /** Rectified = accepted or closed (验收/销号), not merely reported done. */
  strict?: boolean;
  /** Trailing month-ends in the 动态清零 strip. Default 12. */
  window?: number;
  dynamicZero?: DynamicZeroVariant;
  /** Engine determinations, by record or parallel to the records array. */
  determinations?: ReadonlyMap<FindingRecord, Determination> | readonly (Determination | undefined)[];
  targets?: Partial<TargetProfile>;
  /** The config file applied, as outputs name it (or a line saying none was). */
  configFile?: string;
  /** Inputs that could not be read: named in the report body. */
  failedInputs?: readonly { file: string; reason: string }[];
  inspections?: readonly InspectionRecord[];
  roster?: readonly RosterEntry[];
  /**
   * Whether an industry text is a 高危行业领域 (decides the 主要负责人带队检查 cadence). The verb passes the industry
   * resolver's answer (`isHighRiskIndustry` with the loaded criteria); without it the sector word list alone is used.
   */
  highRiskOf?: (industry: string | undefined) => boolean;
  /**
   * The sector an industry text is grouped under by `--by industry` (the verb passes the industry resolver's
   * `sectorLabel`, so 机械 / 机械制造 / 机械制造(铸造) are one group); without it the text itself is the group.
   */
  sectorOf?: (industry: string | undefined) => string | undefined;
  /** `enterprise.highRisk` of the config: overrides the inference for the configured enterprise (`org`, or every one when absent). */
  highRiskOverride?: { org?: string; highRisk: boolean };
  /** 每千次检查 numerator: majors found by 部门检查 (default) or all majors. */
  perThousand?: 'government' | 'all';
  /** Shown in headings, e.g. the area or enterprise name. */
  title?: string;
}

export interface CohortMetrics {
  total: number;
  /** Found in the calendar month of asOf (本月新增). */
  newInMonth: number;
  rectified: number;
  rectificationRate: Rate;
  /** 未整改. */
  open: number;
  /** Deadline ≤ asOf. */
  due: number;
  onTime: number;
  onTimeRate: Rate;
  /** 逾期未整改. */
  overdue: number;
  /** 超期整改. */
  lateRectified: number;
  closed: number;
  closedRate: Rate;
  selfFound: number;
  governmentFound: number;
  selfFoundRate: Rate;
  selfRectified: number;
  selfRectifiedRate: Rate;
  /** Majors of the cohort with all of 责任/措施/资金/时限/预案. */
  fiveInPlace: number;
  fiveInPlaceRate: Rate;
}

export interface StockMetrics {
  total: number;
  rectified: number;
  closed: number;
  /** Not rectified at asOf. */
  open: number;
  due: number;
  onTime: number;
  onTimeRate: Rate;
}

export interface IncrementYear {
  year: number;
  total: number;
  /** Change in count against the previous year (2024 against majors found in 2023). */
  change: number;
  changeRate: Rate;
  rectified: number;
  closed: number;
  due: number;
  onTime: number;
  onTimeRate: Rate;
  overdue: number;
}

export interface GroupRow {
  key: string;
  label: string;
  /** 排查单位数: distinct enterprises with hazards in the group. */
  orgCount: number;
  all: CohortMetrics;
  major: CohortMetrics;
  general: CohortMetrics;
  stock: { total: number; closed: number; open: number };
  currentYear: { year: number; total: number; closed: number };
  supervised: { total: number; rectified: number; closed: number; rectificationRate: Rate };
  /** Majors 列入治理计划. */
  inPlan: number;
  /** Funds of majors, 万元; null when no major states funds. */
  fundsWan: number | null;
  /** Inspections of the group's enterprises in the year of asOf; null without a log or for 督办级别. */
  inspections: number | null;
}

export interface Grouping {
  by: GroupBy | 'none';
  label: string;
  rows: GroupRow[];
  total: GroupRow;
}

export interface DynamicZeroMonth {
  month: string;
  /** The day evaluated: the month-end, or asOf for the current month. */
  date: string;
  holds: boolean;
  overdueMajors: number;
  openMajors: number;
  openMajorsMissingFiveInPlace: number;
}

export interface DynamicZero {
  variant: DynamicZeroVariant;
  holds: boolean;
  overdueMajors: number;
  openMajors: number;
  openMajorsMissingFiveInPlace: number;
  window: number;
  months: DynamicZeroMonth[];
}

export interface SupervisionLevel {
  level: string;
  total: number;
  rectified: number;
  rectificationRate: Rate;
  closed: number;
  closedRate: Rate;
  overdue: number;
}

export interface Supervision {
  majors: number;
  /** 挂牌督办 hazards of any level. */
  supervised: number;
  supervisedMajors: number;
  /** 挂牌督办率 = supervised majors / majors. */
  supervisedRate: Rate;
  rectified: number;
  rectificationRate: Rate;
  closed: number;
  closedRate: Rate;
  levels: SupervisionLevel[];
}

export interface BurnDownPoint {
  month: string;
  date: string;
  open: number;
}

export interface TargetCheck {
  id: string;
  name: string;
  /** The target as stated, e.g. "≥95%". */
  target: string;
  /** Where the target comes from. */
  basis: string;
  /** A proposal of this tool, not a published target. */
  proposal: boolean;
  evaluatedAt: string;
  /** Evaluated before the target's own deadline. */
  interim: boolean;
  actual: number | null;
  actualKind: 'rate' | 'count' | 'months';
  /** null when the target cannot be judged yet (no data or not yet in force). */
  met: boolean | null;
  /** One Chinese line: why the target is not met or cannot be judged. */
  gap: string | null;
}

export interface EnterpriseInspection {
  org: string;
  highRisk: boolean;
  cadence: 'month' | 'quarter';
  periods: number;
  covered: number;
  missing: string[];
  compliant: boolean;
}

export interface InspectionSummary {
  from: string;
  to: string;
  inspections: number;
  governmentInspections: number;
  perThousandSource: 'government' | 'all';
  majorsFound: number;
  majorsPerThousand: number | null;
  enterprises: EnterpriseInspection[];
  /** Roster size; null without a roster. */
  expected: number | null;
  reported: number | null;
  reportingRate: Rate;
  notReported: string[];
}

export interface ReportScope {
  input: number;
  included: number;
  excluded: { foundAfterAsOf: number; noFoundDate: number; draft: number };
  /** Included records with neither a level nor a determination: counted in 全部 only. */
  unknownLevel: number;
  /** Marked 已整改/已验收/已销号 without any date: counted as not rectified. */
  undatedRectified: number;
  determinationsApplied: number;
}

export interface ReportResult {
  schemaVersion: 1;
  tool: 'hazard-toolkit';
  title: string | null;
  asOf: string;
  onTimeVariant: OnTimeVariant;
  strict: boolean;
  targetProfile: string;
  /** The profile's document, e.g. 国家：…（安委〔2024〕10号）. */
  targetProfileName: string;
  /** The config file applied (or a line saying none was); null when the caller did not say. */
  configFile: string | null;
  /** Inputs that could not be read and are therefore missing from every figure. */
  failedInputs: { file: string; reason: string }[];
  scope: ReportScope;
  cohorts: Record<CohortName, CohortMetrics>;
  groupings: Grouping[];
  stock: StockMetrics;
  increments: IncrementYear[];
  dynamicZero: DynamicZero;
  supervision: Supervision;
  burnDown: BurnDownPoint[];
  targets: TargetCheck[];
  inspections: InspectionSummary | null;
}
