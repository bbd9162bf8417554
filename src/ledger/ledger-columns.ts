import type { CheckedRow } from '../check/types.js';
import { DETERMINATION_TEXT, GRADING_TEXT, LEVEL_TEXT } from '../domain/levels.js';
import type { FieldId, SourceBucket, State } from '../domain/finding-record.js';
import { FIVE_IN_PLACE_LABELS, lifecycle, type Lifecycle } from '../domain/lifecycle.js';

/** A ledger cell: text, number, or a date (written as a real Excel date, ISO in CSV). */
export type LedgerValue = string | number | { date: string } | null;

export type ColumnKind = 'text' | 'wrap' | 'date' | 'number';

export interface LedgerColumn {
  key: string;
  header: string;
  kind: ColumnKind;
  width: number;
  /** Optional columns are written only when some row has a value. */
  optional: boolean;
  /** Canonical field it carries (round-trip through `hazard check`). */
  field?: FieldId;
}

/**
 * The printed ledger: the columns a regulator reads, in this order, inside the print area (A4 landscape, fitted to
 * width). Every other column follows outside it, on screen only. Optional ones print only when some row has them.
 */
export const PRINT_COLUMNS: readonly string[] = [
  'seq',
  'org_name',
  'location',
  'description',
  'level',
  'found_date',
  'measures',
  'owner',
  'funds',
  'deadline',
  'status',
  'completed_date',
  'closed_date',
  'd_determination',
  'd_basis',
];

export const STATE_TEXT: Record<State, string> = {
  open: '未整改',
  'in-progress': '整改中',
  rectified: '已整改',
  accepted: '已验收',
  closed: '已销号',
  rejected: '验收不通过',
  draft: '草稿',
};

const SOURCE_TEXT: Record<SourceBucket, string> = { self: '企业自查', government: '部门检查', report: '群众举报', other: '其他' };

const c = (key: string, header: string, kind: ColumnKind, width: number, optional: boolean, field?: FieldId): LedgerColumn => ({
  key,
  header,
  kind,
  width,
  optional,
  ...(field ? { field } : {}),
});

/**
 * Ledger columns: canonical columns in the order of docs/report-model.md with their 规范表头 (so the ledger reads back
 * as an input), then the derived columns, then the verbatim text of every normalised cell.
 */
export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  c('seq', '序号', 'number', 5, false),
  c('hazard_id', '隐患编号', 'text', 14, true, 'hazard_id'),
  c('org_name', '单位名称', 'wrap', 14, false, 'org_name'),
  c('uscc', '统一社会信用代码', 'text', 20, true, 'uscc'),
  c('region', '所属区县', 'text', 10, true, 'region'),
  c('industry', '所属行业', 'text', 12, true, 'industry'),
  c('dept', '主管部门', 'text', 12, true, 'dept'),
  c('location', '隐患部位', 'wrap', 12, true, 'location'),
  c('description', '隐患描述', 'wrap', 30, false, 'description'),
  c('category', '隐患类别', 'text', 12, true, 'category'),
  c('level', '隐患等级', 'text', 6, false, 'level'),
  c('basis', '判定依据', 'wrap', 24, true, 'basis'),
  c('found_date', '发现日期', 'date', 11, false, 'found_date'),
  c('source', '发现方式', 'text', 12, true, 'source'),
  c('inspector', '排查人', 'text', 10, true, 'inspector'),
  c('leader', '带队人', 'text', 10, true, 'leader'),
  c('measures', '整改措施', 'wrap', 24, false, 'measures'),
  c('owner', '整改责任人', 'wrap', 8, false, 'owner'),
  c('owner_unit', '整改责任部门', 'text', 14, true, 'owner_unit'),
  c('funds', '整改资金（元）', 'number', 9, false, 'funds'),
  c('deadline', '整改期限', 'date', 11, false, 'deadline'),
  c('plan', '应急预案', 'wrap', 20, false, 'plan'),
  c('status', '整改情况', 'text', 8, false, 'status'),
  c('completed_date', '整改完成日期', 'date', 11, false, 'completed_date'),
  c('acceptor', '验收人', 'text', 10, true, 'acceptor'),
  c('accepted_date', '验收日期', 'date', 12, true, 'accepted_date'),
  c('acceptance', '验收情况', 'text', 10, true, 'acceptance'),
  c('closed_date', '销号日期', 'date', 11, false, 'closed_date'),
  c('closed_by', '销号单位', 'text', 12, true, 'closed_by'),
  c('supervised', '是否挂牌督办', 'text', 8, true, 'supervised'),
  c('sup_level', '督办级别', 'text', 8, true, 'sup_level'),
  c('sup_org', '督办单位', 'text', 14, true, 'sup_org'),
  c('sup_doc', '督办文号', 'text', 14, true, 'sup_doc'),
  c('sup_date', '挂牌日期', 'date', 12, true, 'sup_date'),
  c('stop_prod', '是否停产停业', 'text', 8, true, 'stop_prod'),
  c('in_plan', '是否列入治理计划', 'text', 8, true, 'in_plan'),
  c('remarks', '备注', 'wrap', 20, true, 'remarks'),
  // Derived columns (not read back as fields).
  c('d_determination', '判定结果', 'text', 7, false),
  c('d_basis', '判定依据（标准条款）', 'wrap', 30, false),
  c('d_grading', '定级核对', 'text', 12, false),
  c('d_overdue', '是否逾期', 'text', 8, false),
  c('d_overdue_days', '逾期天数', 'number', 8, false),
  c('d_on_time', '是否按期', 'text', 8, false),
  c('d_five', '五落实完整性', 'text', 16, false),
  c('d_stock', '存量/增量', 'text', 9, false),
  c('d_month', '本月标记', 'text', 9, true),
  c('d_problems', '数据问题', 'wrap', 30, true),
  c('d_file', '来源文件', 'text', 20, false),
  c('d_row', '来源行', 'text', 14, false),
  // Verbatim cells of normalised fields: nothing is lost to normalisation.
  c('r_level', '隐患等级（原文）', 'text', 12, true),
  c('r_found_date', '发现日期（原文）', 'text', 14, true),
  c('r_deadline', '整改期限（原文）', 'text', 14, true),
  c('r_status', '整改情况（原文）', 'text', 12, true),
  c('r_completed_date', '整改完成日期（原文）', 'text', 14, true),
  c('r_closed_date', '销号日期（原文）', 'text', 14, true),
];

const INDEX = new Map(LEDGER_COLUMNS.map((c, i) => [c.key, i]));

/** Position of a column's cell in `LedgerRow.cells`. */
export function cellIndex(key: string): number {
  const i = INDEX.get(key);
  if (i === undefined) throw new Error(`unknown ledger column ${key}`);
  return i;
}

export interface LedgerRow {
  /** Sort key: org, found date, source. */
  key: string;
  org: string;
  /**
   * One value per LEDGER_COLUMNS entry, in that order (序号 is left null: the writer numbers rows after sorting).
   * An array rather than a keyed object: a million rows go through a temp file and back as plain JSON arrays.
   */
  cells: LedgerValue[];
  /** Unmapped input columns, by original header. */
  extra: Record<string, string>;
  overdue: boolean;
  level: 'major' | 'general' | undefined;
  determination: CheckedRow['determination'];
  grading: CheckedRow['grading'];
  rectified: boolean;
  closed: boolean;
}

const yesNo = (b: boolean | undefined): string | null => (b === undefined ? null : b ? '是' : '否');
const date = (iso: string | undefined): LedgerValue => (iso ? { date: iso } : null);

/** One judged row → ledger cells and derived values at `asOf`. Pure. */
export function buildLedgerRow(row: CheckedRow, asOf: string, options: { strict?: boolean } = {}): LedgerRow {
  const f = row.fields;
  const life: Lifecycle = lifecycle(row, asOf, { ...(options.strict ? { strict: true } : {}) });
  const raw = (id: FieldId): string | null => row.raw[id]?.raw ?? null;
  const major = f.level === 'major' || row.determination === 'major';
  const basis = row.matches.map((m) => `《${m.standardTitle}》（${m.docNumber}）${m.citation}`);
  if (basis.length === 0 && row.partial.length > 0) {
    basis.push(...row.partial.map((m) => `待核实：《${m.standardTitle}》${m.citation}，缺少${m.missing.join('、')}`));
  }
  const deadlineCell: LedgerValue = life.due ? { date: life.due } : raw('deadline');
  const named: Record<string, LedgerValue> = {
    hazard_id: f.hazard_id ?? null,
    org_name: f.org_name ?? null,
    uscc: f.uscc ?? raw('uscc'),
    region: f.region ?? null,
    industry: f.industry ?? null,
    dept: f.dept ?? null,
    location: f.location ?? null,
    description: f.description ?? raw('description'),
    category: f.category ?? null,
    level: f.level ? LEVEL_TEXT[f.level] : raw('level'),
    basis: f.basis ?? null,
    found_date: date(f.found_date) ?? raw('found_date'),
    source: raw('source') ?? (f.source ? SOURCE_TEXT[f.source] : null),
    inspector: f.inspector ?? null,
    leader: f.leader ?? null,
    measures: f.measures ?? null,
    owner: f.owner ?? null,
    owner_unit: f.owner_unit ?? null,
    funds: f.funds ?? raw('funds'),
    deadline: deadlineCell,
    plan: f.plan ?? null,
    status: f.status ? STATE_TEXT[f.status] : raw('status'),
    completed_date: date(f.completed_date) ?? raw('completed_date'),
    acceptor: f.acceptor ?? null,
    accepted_date: date(f.accepted_date) ?? raw('accepted_date'),
    acceptance: f.acceptance === 'passed' ? '通过' : f.acceptance === 'failed' ? '不通过' : raw('acceptance'),
    closed_date: date(f.closed_date) ?? raw('closed_date'),
    closed_by: f.closed_by ?? null,
    supervised: yesNo(f.supervised) ?? raw('supervised'),
    sup_level: f.sup_level ?? null,
    sup_org: f.sup_org ?? null,
    sup_doc: f.sup_doc ?? null,
    sup_date: date(f.sup_date) ?? raw('sup_date'),
    stop_prod: f.stop_prod ?? null,
    in_plan: yesNo(f.in_plan) ?? raw('in_plan'),
    remarks: f.remarks ?? null,
    d_determination: DETERMINATION_TEXT[row.determination],
    d_basis: basis.join('；') || null,
    d_grading: GRADING_TEXT[row.grading],
    d_overdue: life.due === undefined && !life.rectified ? '无期限' : life.overdue ? '是' : '否',
    d_overdue_days: life.overdue ? life.overdueDays : null,
    d_on_time: life.due === undefined ? '无期限' : life.onTime === null ? (life.overdue ? '否' : '未到期') : life.onTime ? '是' : '否（超期整改）',
    d_five: major ? (life.missingFiveInPlace.length ? `缺${life.missingFiveInPlace.map((k) => FIVE_IN_PLACE_LABELS[k]).join('、')}` : '完整') : null,
    d_stock: life.stockOrIncrement === undefined ? null : life.stockOrIncrement === '存量' ? '存量' : `${life.stockOrIncrement}年增量`,
    d_month: null,
    d_problems: row.diagnostics.filter((d) => d.severity !== 'info' && d.code !== 'under-graded' && d.code !== 'no-basis').map((d) => d.message).join('；') || null,
    d_file: row.file,
    d_row: `${row.sheet}!${row.row}`,
    r_level: changed(raw('level'), f.level ? LEVEL_TEXT[f.level] : null),
    r_found_date: changed(raw('found_date'), f.found_date ?? null),
    r_deadline: changed(raw('deadline'), life.due ?? null),
    r_status: changed(raw('status'), f.status ? STATE_TEXT[f.status] : null),
    r_completed_date: changed(raw('completed_date'), f.completed_date ?? null),
    r_closed_date: changed(raw('closed_date'), f.closed_date ?? null),
  };
  const org = f.org_name ?? '';
  const cells = LEDGER_COLUMNS.map((col) => named[col.key] ?? null);
  return {
    key: `${org.normalize('NFKC')}\u0001${f.found_date ?? '9999-99-99'}\u0001${row.file}\u0001${row.sheet}\u0001${String(row.row).padStart(9, '0')}`,
    org,
    cells,
    extra: row.extra,
    overdue: life.overdue,
    level: major ? 'major' : f.level,
    determination: row.determination,
    grading: row.grading,
    rectified: life.rectified,
    closed: life.closedByAsOf,
  };
}

/** The verbatim text, kept only where normalisation changed it. */
function changed(raw: string | null, normalised: string | null): string | null {
  if (raw === null) return null;
  return raw.trim() === (normalised ?? '') ? null : raw;
}
