/**
 * The report as a workbook in the 月调度 layout (docs/report-model.md): a title row, two header rows with
 * merged block cells (一般隐患 / 重大隐患 / 挂牌督办 …), one row per group and a 合计 row; one sheet per
 * grouping, plus 目标与总体 and 动态清零 sheets. Rates are numbers formatted 0.0%; 0/0 is "/".
 */
import ExcelJS from 'exceljs';
import {
  COHORT_COLUMNS,
  COHORT_LABELS,
  COHORT_ORDER,
  groupBlocks,
  INCREMENT_COLUMNS,
  reportTitle,
  scopeLines,
  SUPERVISION_COLUMNS,
  supervisionRows,
  targetStatus,
  targetText,
  type ValueKind,
} from './report-shared.js';
import type { Grouping, ReportResult } from '../report/types.js';
import { writeFileAtomic } from '../writers/atomic-write.js';
import { LOOK, rowHeightFor } from '../writers/xlsx-look.js';

type Sheet = ExcelJS.Worksheet;

const NUM_FMT: Readonly<Record<ValueKind, string | undefined>> = {
  count: '0',
  rate: '0.0%',
  money: '0.00',
  signed: '+0;-0;0',
  decimal: '0.0',
};

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F4F8' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

function setValue(sheet: Sheet, row: number, col: number, kind: ValueKind, value: number | null): void {
  const cell = sheet.getCell(row, col);
  cell.border = THIN;
  if (value === null) {
    cell.value = '/';
    cell.alignment = { horizontal: 'right' };
    return;
  }
  cell.value = value;
  const fmt = NUM_FMT[kind];
  if (fmt !== undefined) cell.numFmt = fmt;
}

function header(sheet: Sheet, row: number, col: number, text: string): void {
  const cell = sheet.getCell(row, col);
  cell.value = text;
  cell.font = { bold: true };
  cell.fill = HEADER_FILL;
  cell.border = THIN;
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
}

/** A title (size > 11) or a note line merged over `width` columns; `span` (characters) sizes a wrapped note's row. */
function title(sheet: Sheet, row: number, width: number, text: string, size = 14, span?: number): void {
  sheet.mergeCells(row, 1, row, Math.max(width, 1));
  const cell = sheet.getCell(row, 1);
  cell.value = text;
  cell.font = { bold: true, size };
  cell.alignment = { horizontal: size > 11 ? 'center' : 'left', vertical: 'middle', wrapText: true };
  if (size > 11) sheet.getRow(row).height = 28;
  else if (span !== undefined) {
    const h = rowHeightFor([{ text, width: span }]);
    if (h !== undefined) sheet.getRow(row).height = h;
  }
}

/** Printable width of A4 landscape at 100 %, in column-width units (the page is fitted to width beyond it). */
const PAGE_UNITS = 150;
/** Below this scale 10-point text is hard to read on paper: a wider table is spread over more pages instead. */
const MIN_SCALE = 0.7;

function pagesWide(widths: readonly number[], landscape: boolean): number {
  const total = widths.reduce((a, b) => a + b, 0);
  return Math.max(1, Math.ceil(total / ((landscape ? PAGE_UNITS : PAGE_UNITS * 0.69) / MIN_SCALE)));
}

/** How many leading columns the first printed page holds. */
function firstPageColumns(widths: readonly number[], landscape: boolean): number {
  const pages = pagesWide(widths, landscape);
  if (pages === 1) return widths.length;
  const room = widths.reduce((a, b) => a + b, 0) / pages;
  let used = 0;
  let n = 0;
  while (n < widths.length && used + (widths[n] ?? 0) <= room) used += widths[n++] ?? 0;
  return Math.max(1, n);
}

/**
 * The one printed look (LOOK): A4, margins, page-number footer, fitted to one page wide — or, for a table too wide to
 * stay readable on one page, to as many pages wide as it needs with `repeatCols` repeated on each.
 */
function printSetup(sheet: Sheet, opts: { landscape: boolean; widths: readonly number[]; repeatRows?: string; repeatCols?: string }): void {
  const m = LOOK.margins;
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: LOOK.paperSize,
    orientation: opts.landscape ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: pagesWide(opts.widths, opts.landscape),
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: m.left, right: m.right, top: m.top, bottom: m.bottom, header: m.header, footer: m.footer },
    ...(opts.repeatRows ? { printTitlesRow: opts.repeatRows } : {}),
    ...(opts.repeatCols ? { printTitlesColumn: opts.repeatCols } : {}),
  };
  sheet.headerFooter = { oddFooter: LOOK.footer };
  opts.widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  // One font for every cell, as the hand-written workbooks use.
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      cell.font = { ...cell.font, name: LOOK.font, size: cell.font?.size && cell.font.size > 11 ? LOOK.titleSize : LOOK.size };
    }),
  );
}

/** A plain table of text headers and rows of [kind, value] cells (a string is a label). Returns the next free row. */
function simpleTable(
  sheet: Sheet,
  row: number,
  heads: readonly string[],
  rows: readonly (readonly (string | [ValueKind, number | null])[])[],
  widths?: readonly number[],
): number {
  heads.forEach((h, i) => header(sheet, row, i + 1, h));
  if (widths) {
    const h = rowHeightFor(heads.map((text, i) => ({ text, width: widths[i] ?? 10 })));
    if (h !== undefined) sheet.getRow(row).height = h;
  }
  rows.forEach((cells, r) => {
    if (widths) {
      const h = rowHeightFor(cells.flatMap((c, i) => (typeof c === 'string' ? [{ text: c, width: widths[i] ?? 10 }] : [])));
      if (h !== undefined) sheet.getRow(row + 1 + r).height = h;
    }
    cells.forEach((c, i) => {
      if (typeof c === 'string') {
        const cell = sheet.getCell(row + 1 + r, i + 1);
        cell.value = c;
        cell.border = THIN;
        cell.alignment = { wrapText: true, vertical: 'top' };
      } else setValue(sheet, row + 1 + r, i + 1, c[0], c[1]);
    });
  });
  return row + rows.length + 2;
}

function dispatchSheet(wb: ExcelJS.Workbook, result: ReportResult, grouping: Grouping): void {
  const name = grouping.by === 'none' ? '月调度' : `按${grouping.label}`;
  const sheet = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 4 }] });
  const blocks = groupBlocks(result, result.inspections !== null);
  const columns = blocks.flatMap((b) => b.columns);
  const scope = `${grouping.by === 'none' ? '' : `按${grouping.label}，`}截至${result.asOf}；${scopeLines(result)[0] ?? ''}`;
  const widths = [16, ...columns.map(() => 7)];
  const firstPage = firstPageColumns(widths, true);
  // Title and notes sit over the first printed page's columns: centred there, never split by a page break.
  title(sheet, 1, firstPage, `${result.title ?? ''}重大事故隐患月调度表`);
  title(sheet, 2, firstPage, scope, 10, widths.slice(0, firstPage).reduce((a, b) => a + b, 0));
  sheet.mergeCells(3, 1, 4, 1);
  header(sheet, 3, 1, grouping.label);
  let col = 2;
  for (const block of blocks) {
    if (block.columns.length > 1) sheet.mergeCells(3, col, 3, col + block.columns.length - 1);
    header(sheet, 3, col, block.label);
    block.columns.forEach((c, i) => header(sheet, 4, col + i, c.header));
    col += block.columns.length;
  }
  [...grouping.rows, grouping.total].forEach((row, r) => {
    const line = 5 + r;
    const label = sheet.getCell(line, 1);
    label.value = row.label;
    label.border = THIN;
    columns.forEach((c, i) => setValue(sheet, line, i + 2, c.kind, c.get(row)));
    if (r === grouping.rows.length) sheet.getRow(line).font = { bold: true };
  });
  sheet.getRow(4).height = 44;
  // The group column and the two header rows repeat on every printed page.
  printSetup(sheet, { landscape: true, widths, repeatRows: '3:4', repeatCols: 'A:A' });
}

function overviewSheet(wb: ExcelJS.Workbook, result: ReportResult): void {
  const sheet = wb.addWorksheet('目标与总体');
  const widths = [13, 24, 16, 9, 32, 44, 11];
  const span = widths.reduce((a, b) => a + b, 0);
  title(sheet, 1, 7, reportTitle(result));
  scopeLines(result).forEach((line, i) => title(sheet, 2 + i, 7, line, 10, span));
  let row = 3 + scopeLines(result).length;
  row = simpleTable(
    sheet,
    row,
    ['状态', '目标', '要求', '实际', '说明', '依据', '评估日'],
    result.targets.map((t) => [
      targetStatus(t),
      t.proposal ? `${t.name}［建议口径］` : t.name,
      t.target,
      [t.actualKind === 'rate' ? 'rate' : 'count', t.actual],
      t.gap ?? targetText(t),
      t.basis,
      t.evaluatedAt,
    ]),
    widths,
  );
  row = simpleTable(
    sheet,
    row,
    ['指标', ...COHORT_ORDER.map((n) => COHORT_LABELS[n])],
    COHORT_COLUMNS.map((c) => [c.header, ...COHORT_ORDER.map((n): [ValueKind, number | null] => [c.kind, c.get(result.cohorts[n])])]),
    widths,
  );
  const s = result.stock;
  row = simpleTable(
    sheet,
    row,
    ['存量(2023年及以前)', '总数', '已整改', '已销号', '未整改', '按期整改率'],
    [['重大隐患', ['count', s.total], ['count', s.rectified], ['count', s.closed], ['count', s.open], ['rate', s.onTimeRate]]],
    widths,
  );
  row = simpleTable(
    sheet,
    row,
    ['增量年份', ...INCREMENT_COLUMNS.map((c) => c.header)],
    result.increments.map((y) => [String(y.year), ...INCREMENT_COLUMNS.map((c): [ValueKind, number | null] => [c.kind, c.get(y)])]),
    widths,
  );
  simpleTable(
    sheet,
    row,
    ['挂牌督办级别', ...SUPERVISION_COLUMNS.map((c) => c.header)],
    supervisionRows(result).map((l) => [l.level, ...SUPERVISION_COLUMNS.map((c): [ValueKind, number | null] => [c.kind, c.get(l)])]),
    widths,
  );
  printSetup(sheet, { landscape: true, widths });
}

function dynamicZeroSheet(wb: ExcelJS.Workbook, result: ReportResult): void {
  const sheet = wb.addWorksheet('动态清零');
  const dz = result.dynamicZero;
  title(sheet, 1, 6, `重大隐患动态清零月末情况（截至${result.asOf}）`);
  title(
    sheet,
    2,
    6,
    `截至统计日：${dz.holds ? '成立' : '不成立'}；逾期重大隐患 ${dz.overdueMajors} 项，未整改重大隐患 ${dz.openMajors} 项，其中五落实不全 ${dz.openMajorsMissingFiveInPlace} 项`,
    10,
    78,
  );
  const row = simpleTable(
    sheet,
    4,
    ['月份', '评估日', '动态清零', '逾期重大隐患', '未整改重大隐患', '五落实不全'],
    dz.months.map((m) => [
      m.month,
      m.date,
      m.holds ? '是' : '否',
      ['count', m.overdueMajors],
      ['count', m.openMajors],
      ['count', m.openMajorsMissingFiveInPlace],
    ]),
  );
  simpleTable(
    sheet,
    row,
    ['月份', '评估日', '未整改存量'],
    result.burnDown.map((p) => [p.month, p.date, ['count', p.open]]),
  );
  printSetup(sheet, { landscape: false, widths: [12, 12, 12, 14, 16, 12], repeatRows: '4:4' });
}

/** The workbook: 目标与总体, one 月调度 sheet per grouping, 动态清零. */
export function buildReportWorkbook(result: ReportResult): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'hazard-toolkit';
  // Fixed timestamps keep the bytes reproducible for the same input.
  wb.created = new Date(`${result.asOf}T00:00:00+08:00`);
  wb.modified = wb.created;
  overviewSheet(wb, result);
  for (const g of result.groupings) dispatchSheet(wb, result, g);
  dynamicZeroSheet(wb, result);
  return wb;
}

export async function renderReportXlsx(result: ReportResult): Promise<Uint8Array> {
  const buffer = await buildReportWorkbook(result).xlsx.writeBuffer();
  return new Uint8Array(buffer);
}

/** Writes the workbook atomically (temp file beside the target, then rename). */
export async function writeReportXlsx(result: ReportResult, path: string): Promise<void> {
  await writeFileAtomic(path, await renderReportXlsx(result));
}
