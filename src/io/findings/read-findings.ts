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
import { isExcelDate, type CellRange, type RawCell, type RawRow, type SheetSource } from '../workbook/raw.js';
import { columnLetters } from '../workbook/cell-ref.js';

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
// Rows that are not data: 合计, 填表人, 审核人, 说明…; data may resume below them (pasted blocks).
const SUBTOTAL = /^(合计|小计|总计)/;
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
  // The workbook readers know the cell, not its header: name the header here, so every cell diagnostic says both.
  for (const d of wb.diagnostics) {
    const { sheet, column } = d.location;
    if (sheet === undefined || column === undefined || d.location.header !== undefined) continue;
    const header = sheets.find((x) => x.name === sheet)?.columns.find((c) => c.column === column)?.header;
    if (header) d.location = { ...d.location, header };
  }
  diagnostics.unshift(...wb.diagnostics);
  const toolLedger = sheets.some((s) => s.skipped === TOOL_NOTES);
  if (toolLedger) {
    // The 汇总 sheet of a ledger this tool wrote (--split-by org) holds counts, not findings: reading the ledger
    // back skips it knowingly.
    for (const d of diagnostics) {
      if (d.code === 'sheet-no-header' && d.location.sheet !== undefined && /^汇总/.test(d.location.sheet)) {
        Object.assign(d, { code: 'sheet-tool-summary', severity: 'info', message: `工作表「${d.location.sheet}」是本工具生成台账的汇总表，已跳过` });
      }
    }
  }
  if (!sheets.some((s) => s.headerRow !== undefined)) {
    diagnostics.push({
      code: 'workbook-no-header',
      severity: 'error',
      message: '没有任何工作表能识别出台账表头（需要至少“隐患描述”等两个字段）；可用 --mapping 指定列映射',
      location: { file: path },
    });
  } else if (!sheets.some((s) => s.records > 0)) {
    const first = sheets.find((s) => s.headerRow !== undefined);
    diagnostics.push({
      code: 'workbook-no-rows',
      severity: 'error',
      message: `有表头（第${first?.headerRow ?? ''}行）但没有任何数据行，文件未提供可读取的隐患记录`,
      location: { file: path, ...(first ? { sheet: first.name, ...(first.headerRow !== undefined ? { row: first.headerRow } : {}) } : {}) },
    });
  }
  // One rule for every reader: a file-level error means content was not read (or not as written).
  if (diagnostics.some((d) => d.severity === 'error')) complete = false;
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
  let header: Header | undefined;
  let out: FindingRecord[] = [];
  let records = 0;
  // The footer line that paused the data, the rows after it that were not data, and how often data resumed.
  let ended: number | undefined;
  let afterFooter = 0;
  let resumed: number | undefined;
  let subtotals = 0;
  const repeated: number[] = [];
  // Below the title area (HEADER_SCAN rows) the header is still looked for, pair by pair, without keeping the rows.
  let beyond: { previous: RawRow | undefined; rows: number } = { previous: undefined, rows: 0 };
  const ctx: RowContext = { file, sheet: sheet.name, options, diagnostics, seen, yearHint: undefined, unnamed: (i) => `${columnLetters(i)}列` };
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
      ctx.unnamed = unnamedLabels(header, ranges ?? []);
    }
    const row = fill.apply(raw);
    if (isRepeatedHeader(row.cells, header)) {
      // A pasted block brings its header along: it is a header, not a finding.
      repeated.push(row.row);
      return;
    }
    if (ended !== undefined) {
      if (isFooterLine(row.cells, SIGN_OFF)) return;
      if (!looksLikeData(row.cells, header.columns)) {
        afterFooter++;
        return;
      }
      // Data again after a 小计 or a signature line: a pasted block, read like the rest.
      resumed ??= row.row;
      ended = undefined;
    }
    const first = firstText(row.cells);
    if (isFooterLine(row.cells)) {
      if (SUBTOTAL.test(first)) subtotals++;
      else diagnostics.push({ code: 'footer-ignored', severity: 'info', message: `第${row.row}行“${first.slice(0, 20)}”为表尾，不是数据`, location: { ...sheetLoc, row: row.row } });
      ended = row.row;
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

  const fromOverride = (rows: readonly RawRow[]): Header | undefined => {
    if (override?.headerRow === undefined) return undefined;
    const idx = rows.findIndex((r) => r.row === override.headerRow);
    const row = rows[idx];
    if (!row) return undefined;
    const two = override.headerRows === 2;
    const parent = two ? rows[idx - 1] : undefined;
    return { headerRow: row.row, headerRows: two ? 2 : 1, columns: applyMapping(mapColumns(parent?.cells, row.cells), override), cells: row.cells, ...(parent ? { parent: parent.cells } : {}) };
  };
  const detect = (rows: readonly RawRow[]): Header | undefined => {
    const o = fromOverride(rows);
    if (o) return o;
    const det = detectHeader(rows);
    if (!det) return undefined;
    const at = rows.findIndex((r) => r.row === det.headerRow);
    const parent = det.headerRows === 2 ? rows[at - 1]?.cells : undefined;
    return { ...det, columns: applyMapping(det.columns, override), cells: rows[at]?.cells ?? [], ...(parent ? { parent } : {}) };
  };
  const decide = (): void => {
    header = detect(head);
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
      if (!header) {
        if (isBlank(row.cells)) continue;
        const window = beyond.previous ? [beyond.previous, row] : [row];
        header = detect(window);
        if (header?.headerRow !== row.row) header = undefined;
        if (!header) {
          beyond = { previous: row, rows: beyond.rows + 1 };
          continue;
        }
        ctx.yearHint = titleYear(head);
        const above = head.length + beyond.rows - (header.headerRows === 2 ? 1 : 0);
        diagnostics.push({
          code: 'header-below-title-area',
          severity: 'error',
          message: `表头在第${header.headerRow}行（不在前 ${HEADER_SCAN} 个有内容的行内）：其下数据已读取，其上 ${above} 行有内容的行（第${head[0]?.row ?? ''}–${header.headerRow - header.headerRows}行）既不是表头也不是数据，未读取；如表头识别有误，请用 --mapping 指定表头行`,
          location: { ...sheetLoc, row: header.headerRow },
        });
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
  if (repeated.length > 0) {
    diagnostics.push({ code: 'header-repeated', severity: 'info', message: `第${repeated.slice(0, 5).join('、')}行${repeated.length > 5 ? ` 等 ${repeated.length} 行` : ''}重复了表头（粘贴的数据块），不作为记录`, location: { ...sheetLoc, row: repeated[0] ?? 0 } });
  }
  if (subtotals > 0 || resumed !== undefined) {
    diagnostics.push({ code: 'subtotal-rows', severity: 'info', message: `${subtotals > 0 ? `${subtotals} 行小计/合计不作为记录` : ''}${resumed !== undefined ? `${subtotals > 0 ? '；' : ''}第${resumed}行起表尾之后又有数据，已照常读取` : ''}`, location: { ...sheetLoc, ...(resumed !== undefined ? { row: resumed } : {}) } });
  }
  if (afterFooter > 0) {
    diagnostics.push({ code: 'rows-after-footer', severity: 'warning', message: `表尾（第${ended ?? ''}行）之后还有 ${afterFooter} 行非空内容，不像数据行（缺少隐患描述或不足 3 个字段），未作为数据读取`, location: { ...sheetLoc, ...(ended !== undefined ? { row: ended } : {}) } });
  }
  if (!header) {
    const kind = headerlessKind(sheet.name, head);
    const rows = head.length + beyond.rows;
    if (kind !== 'empty') {
      diagnostics.push({
        code: kind === 'tool-notes' ? 'sheet-tool-notes' : kind === 'instructions' ? 'sheet-instructions' : 'sheet-no-header',
        severity: kind === 'content' ? 'error' : 'info',
        message:
          kind === 'tool-notes'
            ? `工作表「${sheet.name}」是说明页，已跳过`
            : kind === 'instructions'
              ? `工作表「${sheet.name}」是填表说明，不是台账，已跳过`
              : `工作表「${sheet.name}」中找不到台账表头，整表 ${rows} 行有内容的行未读取；如确为台账，请用 --mapping 指定表头行和列`,
        location: sheetLoc,
      });
    }
    return { name: sheet.name, hidden: sheet.hidden, headerRows: 0, columns: [], records: 0, skipped: kind === 'empty' ? '空工作表' : kind === 'tool-notes' ? TOOL_NOTES : kind === 'instructions' ? '填表说明' : '无可识别表头' };
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

const TOOL_NOTES = '本工具生成的说明页';

interface Header {
  headerRow: number;
  headerRows: 1 | 2;
  columns: ColumnMapping[];
  /** The header row's cells, and the parent row's for two-row headers: a pasted block repeats them. */
  cells: readonly RawCell[];
  parent?: readonly RawCell[];
}

// Sheets that explain the form rather than hold it: named so, or opening with such a line.
const INSTRUCTIONS_NAME = /说明|须知|注意事项|指南|填报要求|填表要求|目录|封面|instruction|readme|guide/i;
const INSTRUCTIONS_TEXT = /^(填表说明|填报说明|使用说明|编制说明|说明[:：]?$|填表须知|填报须知|注意事项)/;

function headerlessKind(name: string, head: readonly RawRow[]): 'empty' | 'tool-notes' | 'instructions' | 'content' {
  if (head.length === 0) return 'empty';
  const first = firstText(head[0]?.cells ?? []);
  if (/^hazard-toolkit/.test(first)) return 'tool-notes';
  if (INSTRUCTIONS_NAME.test(name.normalize('NFKC')) || INSTRUCTIONS_TEXT.test(first)) return 'instructions';
  return 'content';
}

function normalisedCell(c: RawCell | undefined): string {
  return cellDisplay(c ?? null).normalize('NFKC').replace(/\s+/g, '');
}

/** At least two filled cells, and most of them equal to the header (or parent header) text of their column. */
function isRepeatedHeader(cells: readonly RawCell[], header: Header): boolean {
  for (const against of header.parent ? [header.cells, header.parent] : [header.cells]) {
    let filled = 0;
    let same = 0;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      if (c === null || c === undefined || c === '') continue;
      filled++;
      const h = against[i];
      if (c === h) same++;
      // Normalising every data cell would cost the hot path: only text about as long as the header text can match.
      else if (typeof c === 'string' && typeof h === 'string' && Math.abs(c.length - h.length) <= 4 && normalisedCell(c) === normalisedCell(h) && normalisedCell(c) !== '') same++;
    }
    if (filled >= 2 && same >= 2 && same * 5 >= filled * 3) return true;
  }
  return false;
}

/** A finding: a description and at least three filled cells under recognised columns. */
function looksLikeData(cells: readonly RawCell[], columns: readonly ColumnMapping[]): boolean {
  let filled = 0;
  let description = false;
  for (const c of columns) {
    if (!c.field || normalisedCell(cells[c.index]) === '') continue;
    filled++;
    if (c.field === 'description') description = true;
  }
  return description && filled >= 3;
}

/**
 * Names for data under a column without a header of its own: a header cell merged across two columns keeps the
 * second column's values as “整改措施（D列）”, anything else as “D列” — never dropped.
 */
function unnamedLabels(header: Header, ranges: readonly CellRange[]): (index: number) => string {
  const top = header.headerRow - header.headerRows + 1;
  // Only the few merges that touch the header rows matter; found once, not per cell.
  const inHeader = ranges.filter((r) => r.right > r.left && r.top <= header.headerRow && r.bottom >= top);
  return (index) => {
    const letter = columnLetters(index);
    const m = inHeader.find((r) => r.left < index && r.right >= index);
    const owner = m ? header.columns[m.left]?.header : undefined;
    return owner ? `${owner}（${letter}列）` : `${letter}列`;
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
  /** The name data under a header-less column is kept by. */
  unnamed: (index: number) => string;
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
    } else if (text !== '') extra[c.header || ctx.unnamed(c.index)] = text;
  }
  // Cells right of the last header cell (a header merged over its neighbour, data pasted wider) are kept too.
  for (let i = columns.length; i < row.cells.length; i++) {
    const text = cellDisplay(row.cells[i] ?? null);
    if (text !== '') extra[ctx.unnamed(i)] = text;
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
    if (!p.ok) warn('date-unparsed', k, `${FIELD_NAMES[k] ?? k}“${raw[k]?.raw ?? ''}”无法识别为日期${p.note && p.note !== '无法识别的日期' ? `（${p.note}）` : ''}，未换算为任何日期`);
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
    if (dl.kind === 'unparsed') warn('date-unparsed', 'deadline', `整改期限“${raw.deadline.raw}”无法识别${dl.note && !dl.note.startsWith('无法识别') ? `（${dl.note}）` : ''}，未推算任何日期`);
    // 待定 / 长期 / 无 say in words that no deadline was set: never a date, always said (a major one is an error below).
    else if (dl.kind === 'none' && f.level !== 'major') warn('deadline-not-set', 'deadline', `整改期限为“${raw.deadline.raw}”：没有设定整改期限，无法判断是否逾期、是否按期`);
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
  // Status: the text first, then the dates, which are what 按期 is judged on.
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

  // Duplicates are reported on the later row and kept: 隐患编号, else org + date + place + text.
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
