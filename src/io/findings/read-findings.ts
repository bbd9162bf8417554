import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { Diagnostic, Location } from '../../diagnostic.js';
import { FingerprintTable } from './fingerprint-table.js';
import { MergeFill } from '../workbook/merge-fill.js';
import { InputError } from '../../errors.js';
import type { FieldId, FindingRecord, NormalisedFields, SourceCell } from '../../domain/finding-record.js';
import { detectHeader, mapColumns, type ColumnMapping } from './header-detect.js';
import { FIELD_NAMES } from './header-synonyms.js';
import { applyMapping, mappingFor, type MappingFile } from './mapping-file.js';
import { isValidUscc, parseBoolean, parseDateCell, parseDeadline, parseLevel, parseMoney, parseSource, parseStatus } from './normalise-values.js';
import { openWorkbook } from '../workbook/open-workbook.js';
import { isExcelDate, type RawCell, type RawRow, type SheetSource } from '../workbook/raw.js';

export interface ReadFindingsOptions {
  encoding?: string;
  mapping?: MappingFile;
  maxInflatedBytes?: number;
  /** Values for fields the workbook has no column for (from flags or the enterprise config). */
  defaults?: { org_name?: string; industry?: string; region?: string };
  /** Read the sheets of a large xlsx on a worker thread (default true; small files are always read in-thread). */
  readInWorker?: boolean;
}

export interface SheetInfo {
  name: string;
  hidden: boolean;
  headerRow?: number;
  headerRows: number;
  columns: { column: string; header: string; field?: FieldId; score: number; reason: string }[];
  records: number;
  skipped?: string;
}

export interface InputInfo {
  file: string;
  sha256: string;
  format: 'xlsx' | 'csv';
  encoding?: string;
  sheets: SheetInfo[];
}

export interface ReadFindingsResult {
  input: InputInfo;
  diagnostics: Diagnostic[];
  /** False when part of the file could not be read, or no sheet had a recognisable header (exit 3). */
  complete: boolean;
}

const BATCH = 1000;
const HEADER_SCAN = 15;
// Rows that end the data: 合计, 填表人, 审核人, 说明… (domain.md §6).
const FOOTER = /^(合计|小计|总计|填表人|填表|审核人|审核|说明|备注[:：]|制表|负责人[:：]|填报人|注[:：])/;
/** Below the footer, signature and date lines are part of the footer block, not data left unread. */
const SIGN_OFF = /^(联系电话|电话|日期|填报日期|填表日期|报送日期|单位负责人|单位盖章|盖章|签字|签名|检查人|主要负责人|安全负责人|[（(]?[盖签]章[）)]?)/;
const TEXT_FIELDS: FieldId[] = ['hazard_id', 'org_name', 'region', 'industry', 'dept', 'location', 'description', 'category', 'basis', 'inspector', 'leader', 'measures', 'owner', 'owner_unit', 'plan', 'acceptor', 'closed_by', 'sup_level', 'sup_org', 'sup_doc', 'stop_prod', 'remarks', 'clause_ref'];
const REQUIRED: FieldId[] = ['description', 'level', 'found_date', 'deadline'];

/**
 * Read a workbook (xlsx or csv) into canonical finding records, batch by batch. Every non-blank data row becomes a
 * record, even when its values cannot be read; problems are diagnostics with file, sheet, row, column and header.
 */
export async function readFindings(
  path: string,
  options: ReadFindingsOptions,
  onBatch: (records: FindingRecord[]) => void | Promise<void>,
): Promise<ReadFindingsResult> {
  const preloaded = await preload(path);
  const sha = preloaded ? Promise.resolve(createHash('sha256').update(preloaded).digest('hex')) : sha256(path);
  sha.catch(() => undefined);
  const wb = await openWorkbook(path, {
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.maxInflatedBytes ? { maxInflatedBytes: options.maxInflatedBytes } : {}),
    ...(preloaded ? { preloaded } : {}),
    rowsInWorker: options.readInWorker ?? true,
  });
  const diagnostics: Diagnostic[] = [];
  const sheets: SheetInfo[] = [];
  let complete = true;
  const seen = new FingerprintTable();
  for (const sheet of wb.sheets) {
    try {
      const info = await readSheet(path, sheet, options, diagnostics, seen, onBatch);
      sheets.push(info);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      complete = false;
      diagnostics.push({ code: e.code, severity: 'error', message: `工作表「${sheet.name}」未能读完：${e.message}`, location: { file: path, sheet: sheet.name } });
      sheets.push({ name: sheet.name, hidden: sheet.hidden, headerRows: 0, columns: [], records: 0, skipped: '读取出错' });
    }
  }
  diagnostics.unshift(...wb.diagnostics);
  if (wb.diagnostics.some((d) => d.severity === 'error')) complete = false;
  if (!sheets.some((s) => s.headerRow !== undefined)) {
    complete = false;
    diagnostics.push({
      code: 'workbook-no-header',
      severity: 'error',
      message: '没有任何工作表能识别出台账表头（需要至少“隐患描述”等两个字段）；可用 --mapping 指定列映射',
      location: { file: path },
    });
  }
  return { input: { file: path, sha256: await sha, format: wb.format, ...(wb.encoding ? { encoding: wb.encoding } : {}), sheets }, diagnostics, complete };
}

async function readSheet(
  file: string,
  sheet: SheetSource,
  options: ReadFindingsOptions,
  diagnostics: Diagnostic[],
  seen: FingerprintTable,
  onBatch: (records: FindingRecord[]) => void | Promise<void>,
): Promise<SheetInfo> {
  const sheetLoc: Location = { file, sheet: sheet.name };
  if (sheet.hidden) diagnostics.push({ code: 'sheet-hidden', severity: 'info', message: `工作表「${sheet.name}」是隐藏的，已照常读取`, location: sheetLoc });
  const override = mappingFor(options.mapping, sheet.name);
  const head: RawRow[] = [];
  let header: { headerRow: number; headerRows: 1 | 2; columns: ColumnMapping[] } | undefined;
  let out: FindingRecord[] = [];
  let records = 0;
  let ended: number | undefined;
  let afterFooter = 0;
  const ctx: RowContext = { file, sheet: sheet.name, options, diagnostics, seen, yearHint: undefined };
  // Merged ranges come first: Excel writes them after the cells, and a merged 单位名称 must reach every row it covers.
  // Read beside the rows (a second pass over the sheet, bytes only); awaited at the first data row.
  const merges = sheet.merges ? sheet.merges() : Promise.resolve([]);
  merges.catch(() => undefined);
  let fill: MergeFill | undefined;

  const consume = async (raw: RawRow): Promise<void> => {
    if (!header) return;
    if (raw.row <= header.headerRow) return;
    if (isBlank(raw.cells)) return;
    if (!fill) {
      const ranges = await merges;
      if (ranges === undefined) {
        diagnostics.push({ code: 'merged-cells-unchecked', severity: 'info', message: `工作表「${sheet.name}」很大，未读取合并单元格；如有纵向合并的单元格，其下方各行按空值处理`, location: sheetLoc });
      }
      fill = new MergeFill(ranges ?? [], header.headerRow + 1);
    }
    const row = fill.apply(raw);
    if (ended !== undefined) {
      if (!isFooterLine(row.cells, SIGN_OFF)) afterFooter++;
      return;
    }
    const first = firstText(row.cells);
    if (isFooterLine(row.cells)) {
      ended = row.row;
      diagnostics.push({ code: 'footer-ignored', severity: 'info', message: `第${row.row}行“${first.slice(0, 20)}”为表尾，数据到此结束`, location: { ...sheetLoc, row: row.row } });
      return;
    }
    out.push(buildRecord(row, header.columns, ctx));
    records++;
    if (out.length >= BATCH) {
      const batch = out;
      out = [];
      await onBatch(batch);
    }
  };

  const decide = (): void => {
    if (override?.headerRow !== undefined) {
      const idx = head.findIndex((r) => r.row === override.headerRow);
      const row = head[idx];
      if (row) {
        const two = override.headerRows === 2;
        const parent = two ? head[idx - 1] : undefined;
        header = { headerRow: row.row, headerRows: two ? 2 : 1, columns: applyMapping(mapColumns(parent?.cells, row.cells), override) };
        return;
      }
    }
    const det = detectHeader(head);
    if (det) header = { ...det, columns: applyMapping(det.columns, override) };
    // A year in the title rows (“2024年第二季度隐患排查台账”, “填报日期：2024年7月5日”) dates rows written 4月3日.
    if (header) ctx.yearHint = titleYear(head.filter((r) => r.row < (header?.headerRow ?? 0)));
  };

  for await (const batch of sheet.rows()) {
    for (const row of batch) {
      if (!header && head.length < HEADER_SCAN) {
        if (!isBlank(row.cells)) head.push(row);
        if (head.length === HEADER_SCAN) {
          decide();
          for (const r of head) await consume(r);
        }
        continue;
      }
      await consume(row);
    }
  }
  if (!header && head.length < HEADER_SCAN) {
    decide();
    for (const r of head) await consume(r);
  }
  if (out.length) await onBatch(out);
  if (fill && fill.filled > 0) {
    const e = fill.example;
    diagnostics.push({ code: 'merged-cells-filled', severity: 'info', message: `按合并单元格填充了 ${fill.filled} 个空单元格${e ? `（如 ${e.ref}“${e.value.slice(0, 20)}”）` : ''}`, location: sheetLoc });
  }
  if (afterFooter > 0) {
    diagnostics.push({ code: 'rows-after-footer', severity: 'warning', message: `表尾（第${ended ?? ''}行）之后还有 ${afterFooter} 行非空内容，未作为数据读取`, location: { ...sheetLoc, ...(ended !== undefined ? { row: ended } : {}) } });
  }
  if (!header) {
    const notes = /^hazard-toolkit/.test(firstText(head[0]?.cells ?? []));
    const empty = head.length === 0;
    const skipped = empty ? '空工作表' : notes ? '本工具生成的说明页' : '无可识别表头';
    if (!empty) {
      diagnostics.push({
        code: notes ? 'sheet-tool-notes' : 'sheet-no-header',
        severity: notes ? 'info' : 'warning',
        message: notes ? `工作表「${sheet.name}」是说明页，已跳过` : `工作表「${sheet.name}」前 ${HEADER_SCAN} 行中找不到台账表头，整表未读取（${head.length} 行有内容）；如确为台账，请用 --mapping 指定表头行和列`,
        location: sheetLoc,
      });
    }
    return { name: sheet.name, hidden: sheet.hidden, headerRows: 0, columns: [], records: 0, skipped };
  }
  const h = header;
  const fields = new Set(h.columns.map((c) => c.field).filter((f): f is FieldId => f !== undefined));
  const isChecklist = fields.has('check_result');
  for (const c of h.columns) {
    if (!c.field && c.header) {
      diagnostics.push({ code: 'header-unmatched', severity: 'info', message: `列“${c.header}”未对应任何规范字段，原样保留`, location: { ...sheetLoc, row: h.headerRow, column: c.column, header: c.header } });
    }
  }
  if (!isChecklist) {
    for (const f of REQUIRED) {
      if (!fields.has(f)) diagnostics.push({ code: 'header-missing-field', severity: 'warning', message: `缺少“${FIELD_NAMES[f] ?? f}”列`, location: { ...sheetLoc, row: h.headerRow } });
    }
    if (!fields.has('status') && !fields.has('completed_date')) {
      diagnostics.push({ code: 'header-missing-field', severity: 'warning', message: '缺少“整改情况”或“整改完成日期”列，无法判断是否已整改', location: { ...sheetLoc, row: h.headerRow } });
    }
  }
  return {
    name: sheet.name,
    hidden: sheet.hidden,
    headerRow: h.headerRow,
    headerRows: h.headerRows,
    columns: h.columns.map((c) => ({ column: c.column, header: c.header, ...(c.field ? { field: c.field } : {}), score: c.score, reason: c.reason })),
    records,
  };
}

interface RowContext {
  file: string;
  sheet: string;
  options: ReadFindingsOptions;
  diagnostics: Diagnostic[];
  seen: FingerprintTable;
  /** Year for found dates written without one: the last found year above in this sheet, else the title's year. */
  yearHint: number | undefined;
}

function titleYear(rows: readonly RawRow[]): number | undefined {
  for (const r of rows) {
    for (const c of r.cells) {
      const m = typeof c === 'string' ? /(20\d{2})\s*年/.exec(c.normalize('NFKC')) : null;
      if (m) return Number(m[1]);
    }
  }
  return undefined;
}

function buildRecord(row: RawRow, columns: readonly ColumnMapping[], ctx: RowContext): FindingRecord {
  const raw: Partial<Record<FieldId, SourceCell>> = {};
  const cells: Partial<Record<FieldId, RawCell>> = {};
  const cols: Partial<Record<FieldId, ColumnMapping>> = {};
  const extra: Record<string, string> = {};
  for (const c of columns) {
    const cell = row.cells[c.index] ?? null;
    const text = cellDisplay(cell);
    if (c.field) {
      cols[c.field] = c;
      cells[c.field] = cell;
      if (text !== '') raw[c.field] = { column: c.column, header: c.header, raw: text };
    } else if (text !== '' && c.header) extra[c.header] = text;
  }
  const diagnostics: Diagnostic[] = [];
  const at = (field: FieldId): Location => {
    const c = cols[field];
    return { file: ctx.file, sheet: ctx.sheet, row: row.row, ...(c ? { column: c.column, header: c.header } : {}), ...(raw[field] ? { value: raw[field]?.raw ?? '' } : {}) };
  };
  const warn = (code: string, field: FieldId, message: string, severity: 'warning' | 'error' = 'warning') => diagnostics.push({ code, severity, message, location: at(field) });

  const f: NormalisedFields = {};
  const set = (k: FieldId, v: string | undefined): void => {
    if (v !== undefined && v !== '') Object.assign(f, { [k]: v });
  };
  for (const k of TEXT_FIELDS) set(k, raw[k]?.raw.trim());
  const d = ctx.options.defaults;
  if (!f.org_name && d?.org_name) f.org_name = d.org_name;
  if (!f.industry && d?.industry) f.industry = d.industry;
  if (!f.region && d?.region) f.region = d.region;

  if (raw.uscc) {
    const code = raw.uscc.raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
    f.uscc = code;
    if (code.length === 18 && !isValidUscc(code)) warn('uscc-invalid', 'uscc', `统一社会信用代码“${code}”校验位不正确（GB 32100）`);
    else if (code.length !== 18) warn('uscc-invalid', 'uscc', `统一社会信用代码“${code}”不是18位${code.length === 9 ? '（疑似旧的组织机构代码）' : ''}`);
  }
  if (raw.level) {
    const lv = parseLevel(raw.level.raw, cols.level?.levelBoolean === true);
    if (lv.level) f.level = lv.level;
    if (lv.sublevel) f.sublevel = lv.sublevel;
    if (lv.note) warn('level-unmapped', 'level', lv.note);
  }
  const date = (k: 'found_date' | 'completed_date' | 'accepted_date' | 'closed_date' | 'sup_date', role: 'start' | 'end'): void => {
    const cell = cells[k];
    if (cell === undefined || cell === null || raw[k] === undefined) return;
    const yearHint = f.found_date ? Number(f.found_date.slice(0, 4)) : ctx.yearHint;
    const p = parseDateCell(cell, { role, ...(yearHint ? { yearHint } : {}) });
    if (p.date) f[k] = p.date;
    if (p.date && k === 'found_date') ctx.yearHint = Number(p.date.slice(0, 4));
    if (!p.ok) warn('date-unparsed', k, `${FIELD_NAMES[k] ?? k}“${raw[k]?.raw ?? ''}”无法识别为日期`);
    else if (p.note) warn('date-assumed', k, `${FIELD_NAMES[k] ?? k}：${p.note}`);
  };
  date('found_date', 'start');
  date('completed_date', 'end');
  date('accepted_date', 'end');
  date('closed_date', 'end');
  date('sup_date', 'start');
  if (raw.source) {
    const s = parseSource(raw.source.raw);
    if (s) f.source = s;
  }
  if (raw.funds) {
    const m = parseMoney(cells.funds ?? null, cols.funds?.unit);
    if (m.value !== undefined) f.funds = m.value;
    if (/无需|不需/.test(raw.funds.raw)) f.funds_not_needed = true;
    else if (m.note) warn('money-unparsed', 'funds', m.note);
  }
  if (raw.deadline) {
    const dl = parseDeadline(cells.deadline ?? null, f.found_date);
    f.deadline = { kind: dl.kind, ...(dl.date ? { date: dl.date } : {}) };
    if (dl.kind === 'unparsed') warn('date-unparsed', 'deadline', `整改期限“${raw.deadline.raw}”无法识别`);
    else if (dl.note) warn('date-assumed', 'deadline', `整改期限：${dl.note}`);
  } else if (cols.deadline) f.deadline = { kind: 'none' };
  for (const k of ['supervised', 'in_plan', 'fi_owner', 'fi_measures', 'fi_funds', 'fi_deadline', 'fi_plan'] as const) {
    const r = raw[k];
    if (!r) continue;
    const b = parseBoolean(r.raw);
    if (b !== undefined) f[k] = b;
    // Free text in a 督办 column: “未挂牌督办”“不需挂牌” say no, “省级挂牌督办” says yes.
    else if (k === 'supervised' && r.raw.trim() !== '') f.supervised = !/^(否|无|未|没|不)/.test(r.raw.normalize('NFKC').trim());
  }
  if (raw.acceptance) {
    const t = raw.acceptance.raw;
    if (/不通过|不合格|驳回/.test(t)) f.acceptance = 'failed';
    else if (/通过|合格|同意/.test(t)) f.acceptance = 'passed';
  }
  if (raw.check_result) {
    const t = raw.check_result.raw.normalize('NFKC').replace(/\s+/g, '');
    if (/不符合|否|×|不合格/.test(t)) f.check_result = 'fail';
    else if (/不涉及|不适用|n\/?a/i.test(t)) f.check_result = 'na';
    else if (/符合|是|√|合格/.test(t)) f.check_result = 'pass';
    else warn('check-result-unmapped', 'check_result', `检查结果“${t}”无法识别（应为 符合/不符合/不涉及）`);
  }
  // Status: the text first, then the dates, which are what 按期 is judged on (domain.md §3.2).
  if (raw.status) {
    const st = parseStatus(raw.status.raw);
    if (st.state) f.status = st.state;
    else if (st.note) warn('status-unmapped', 'status', st.note);
  }
  if (f.acceptance === 'failed' && f.status !== 'closed') f.status = 'rejected';
  if (f.closed_date && f.status !== 'closed') {
    if (f.status === 'open' || f.status === 'in-progress') warn('status-contradicts-dates', 'status', `整改情况为“${raw.status?.raw ?? ''}”，但已填销号日期 ${f.closed_date}`);
    else f.status = 'closed';
  } else if (!f.status && f.completed_date) f.status = 'rectified';
  else if (!f.status && f.accepted_date) f.status = 'accepted';
  if ((f.status === 'rectified' || f.status === 'accepted' || f.status === 'closed') && !f.completed_date && !f.closed_date && !f.accepted_date) {
    warn('status-contradicts-dates', 'status', `整改情况为“${raw.status?.raw ?? ''}”，但没有整改完成日期，无法判断是否按期`);
  }
  if ((f.status === 'open' || f.status === 'in-progress') && f.completed_date) {
    warn('status-contradicts-dates', 'status', `整改情况为“${raw.status?.raw ?? ''}”，但已填整改完成日期 ${f.completed_date}`);
  }
  if (f.found_date && f.completed_date && f.completed_date < f.found_date) warn('dates-inverted', 'completed_date', `整改完成日期 ${f.completed_date} 早于发现日期 ${f.found_date}`);
  if (f.found_date && f.deadline?.date && f.deadline.date < f.found_date) warn('dates-inverted', 'deadline', `整改期限 ${f.deadline.date} 早于发现日期 ${f.found_date}`);
  if (f.level === 'major' && cols.deadline && (!f.deadline || f.deadline.kind === 'none')) {
    warn('deadline-none-major', 'deadline', `重大事故隐患的整改期限为“${raw.deadline?.raw ?? '空'}”：时限是五落实之一，必须明确`, 'error');
  }
  if (!f.description && f.check_result === undefined && !raw.clause_ref) warn('description-missing', 'description', '该行没有隐患描述，无法判定');
  else if (f.description && /^(无|暂无|\/|-)$/.test(f.description)) warn('description-missing', 'description', `隐患描述为“${f.description}”，无法判定`);

  // Duplicates are reported on the later row and kept (domain.md §6): 隐患编号, else org + date + place + text.
  const key = f.hazard_id && !f.check_result ? `id\u0001${f.org_name ?? ''}\u0001${f.hazard_id}` : f.description ? `t\u0001${f.org_name ?? ''}\u0001${f.found_date ?? ''}\u0001${f.location ?? ''}\u0001${f.description.normalize('NFKC').replace(/[\s\p{P}]+/gu, '')}` : undefined;
  if (key !== undefined) {
    const first = ctx.seen.firstOrAdd(key, row.row);
    if (first !== undefined) diagnostics.push({ code: 'duplicate-finding', severity: 'warning', message: `与第${first}行重复（${f.hazard_id ? '隐患编号相同' : '单位、日期、部位、描述相同'}），两行均保留`, location: { file: ctx.file, sheet: ctx.sheet, row: row.row } });
  }
  return { file: ctx.file, sheet: ctx.sheet, row: row.row, fields: f, raw, extra, diagnostics };
}

/** The text a person sees in the cell; dates as ISO days. */
function cellDisplay(c: RawCell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'string') return c;
  if (typeof c === 'number') return String(c);
  if (typeof c === 'boolean') return c ? 'TRUE' : 'FALSE';
  if (isExcelDate(c)) return parseDateCell(c).date ?? String(c.serial);
  return '';
}

function isBlank(cells: readonly RawCell[]): boolean {
  return cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));
}

function countNonEmpty(cells: readonly RawCell[]): number {
  return cells.filter((c) => !(c === null || c === undefined || (typeof c === 'string' && c.trim() === ''))).length;
}

/** A short line (≤ 4 filled cells) starting with a footer word, or with one of `also` (lines under the footer). */
function isFooterLine(cells: readonly RawCell[], also?: RegExp): boolean {
  const text = firstText(cells);
  return (FOOTER.test(text) || (also?.test(text) ?? false)) && countNonEmpty(cells) <= 4;
}

function firstText(cells: readonly RawCell[]): string {
  for (const c of cells) {
    const t = cellDisplay(c).trim();
    if (t !== '') return t.normalize('NFKC').replace(/\s+/g, '');
  }
  return '';
}

/**
 * Files up to this size are read whole, once: a consultant's batch is hundreds of small workbooks, and for those the
 * dozen open/read/close round trips of a streamed read cost more than the parsing. Larger files stream.
 */
const PRELOAD_MAX_BYTES = 4 * 1024 * 1024;

async function preload(path: string): Promise<Buffer | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() && s.size <= PRELOAD_MAX_BYTES ? await readFile(path) : undefined;
  } catch {
    // The streamed path reports the failure with its proper code (not found, no permission …).
    return undefined;
  }
}

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => h.update(chunk))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}
