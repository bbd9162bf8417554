import type { Writable } from 'node:stream';
import iconv from 'iconv-lite';
import { drained } from '../writers/atomic-write.js';
import { chunks, type LongText } from './long-text.js';
import { LEDGER_COLUMNS, PRINT_COLUMNS, cellIndex, type LedgerColumn, type LedgerValue } from './ledger-columns.js';
import type { RenderSpec } from './render-rows.js';
import { SheetBatcher, inlineRenderer, workerRenderer, type RowRenderer } from './row-renderer.js';
import type { EncodedRow, RowMeta, RowStore } from './row-store.js';
import { MAX_ROWS, STYLE, XlsxWorkbookWriter, columnLetter, type Cell } from '../writers/xlsx-workbook.js';
import { rowHeightFor } from '../writers/xlsx-look.js';
import type { SignOff } from '../config/types.js';

export interface LedgerInfo {
  asOf: string;
  version: string;
  criteriaHash: string;
  criteriaFiles: number;
  inputs: { file: string; sha256?: string }[];
  /** Inputs that could not be read completely: named in the 说明 sheet. */
  failed?: { file: string; reason: string }[];
  /** The config file applied, as outputs name it. */
  config?: string;
}

export interface LedgerWriteOptions {
  /** The title row text; false for no title row (machines). */
  title: string | false;
  /** With splitByOrg: the title of one enterprise's sheet (default: `title`). */
  titleFor?: (org: string) => string;
  /** Sign-off line under the 合计 row (填表人 / 审核人 / 日期); blanks are left to sign. */
  signoff?: SignOff;
  splitByOrg: boolean;
  info: LedgerInfo;
  /** Hazards of the previous ledger that disappeared without being closed. */
  vanished?: { org: string; description: string; found: string; source: string }[];
  /** Render rows on a worker thread (large ledgers; default: when the rows did not fit in memory). */
  renderWorker?: boolean;
  /** Full texts of cells cut to Excel's limit, written to a “超长文本” sheet. */
  longTexts?: readonly LongText[];
}

// A million-row ledger is ~1.8 GB of sheet XML. At zlib level 6 deflating it took a third of the two cores during
// the write phase (measured: write phase 30.5 s at level 6, 21.3 s at level 3, file 19 % larger). Ledgers that big
// are produced by machines for machines; the monthly ledger a safety officer mails keeps the smaller file.
const LARGE_LEDGER_ROWS = 100_000;
const LARGE_LEDGER_DEFLATE_LEVEL = 3;

export interface LedgerWriteStats {
  rows: number;
  sheets: string[];
  /** Source columns past Excel's 16 384 that went to the “原表其他列” sheet instead. */
  foldedColumns?: number;
}

/** Excel's last column is XFD: a sheet wider than this does not open. */
export const EXCEL_MAX_COLUMNS = 16_384;

/**
 * Columns to write: the printed columns first (PRINT_COLUMNS order), then every other non-optional column and the
 * optional ones some row uses, then unmapped input columns. `printed` counts the leading printed columns.
 */
export function ledgerColumns(store: RowStore): { columns: LedgerColumn[]; extras: string[]; printed: number } {
  const used = store.used;
  const written = LEDGER_COLUMNS.filter((c) => !c.optional || used.has(c.key));
  const print = PRINT_COLUMNS.map((k) => written.find((c) => c.key === k)).filter((c) => c !== undefined);
  const rest = written.filter((c) => !PRINT_COLUMNS.includes(c.key));
  return { columns: [...print, ...rest], extras: [...store.extraHeaders], printed: print.length };
}

/**
 * The title says what the sheet holds: "XX单位重大事故隐患整改台账（截至…）" only when every row is a major hazard,
 * else "XX单位隐患排查治理台账（截至…）".
 */
export function defaultTitle(orgs: ReadonlySet<string>, asOf: string, onlyMajors = false): string {
  const org = orgs.size === 1 ? [...orgs][0] : '';
  return ledgerTitle(org ?? '', asOf, onlyMajors);
}

export function ledgerTitle(org: string, asOf: string, onlyMajors: boolean): string {
  const [y, m, d] = asOf.split('-').map(Number);
  return `${org}${onlyMajors ? '重大事故隐患整改台账' : '隐患排查治理台账'}（截至${y}年${m}月${d}日）`;
}

/** Write the ledger workbook: 台账 sheet(s) (or one per enterprise + 汇总), 说明 sheet. Streams rows from the store. */
export async function writeLedgerXlsx(out: Writable, store: RowStore, options: LedgerWriteOptions): Promise<LedgerWriteStats> {
  const wb = new XlsxWorkbookWriter(out, store.size >= LARGE_LEDGER_ROWS ? LARGE_LEDGER_DEFLATE_LEVEL : undefined);
  const { columns, extras: allExtras, printed } = ledgerColumns(store);
  // Source columns past Excel's width go to a side sheet, one line per value: none is dropped.
  const room = Math.max(0, EXCEL_MAX_COLUMNS - columns.length);
  const extras = allExtras.slice(0, room);
  const overflow = allExtras.slice(room);
  const headers = [...columns.map((c) => c.header), ...extras.map((h) => `原表·${h}`)];
  const widths = [...columns.map((c) => c.width), ...extras.map(() => 14)];
  const lastCol = headers.length - 1;
  const titleRows = options.title === false ? 0 : 1;
  const headerRow = titleRows + 1;
  const sheets: string[] = [];
  const names = new Set<string>();
  const levelCol = columns.findIndex((c) => c.key === 'level');
  const statusCol = columns.findIndex((c) => c.key === 'status');
  const printLast = Math.max(0, printed - 1);
  const sheetOptions = (name: string, extraMerges: string[] = []) => ({
    name,
    widths,
    freezeRows: headerRow,
    freezeCols: 0,
    // The title spans the printed columns, so it is centred on the printed page.
    merges: [...(titleRows ? [`A1:${columnLetter(printLast)}1`] : []), ...extraMerges],
    printLastCol: printLast,
    autoFilter: { row: headerRow, lastCol },
    validations: [
      ...(levelCol >= 0 ? [{ col: levelCol, fromRow: headerRow + 1, values: ['一般', '重大'] }] : []),
      ...(statusCol >= 0 ? [{ col: statusCol, fromRow: headerRow + 1, values: ['未整改', '整改中', '已整改', '已验收', '已销号', '验收不通过'] }] : []),
    ],
    landscape: true,
    printTitleRows: `$${headerRow}:$${headerRow}`,
  });
  const perOrg = new Map<string, { total: number; major: number; overdue: number; rectified: number; underGraded: number; indeterminate: number }>();
  let seq = 0;

  const spec: RenderSpec = {
    columns: columns.map((c, i) => ({ at: cellIndex(c.key), kind: c.kind, seq: c.key === 'seq', ...(c.kind === 'wrap' && i < printed ? { width: c.width } : {}) })),
    extras,
  };
  // Under the data, inside the print area: the 合计 row and the sign-off line.
  const footerMerges = (firstRow: number): string[] => (printLast >= 1 ? [`B${firstRow}:${columnLetter(printLast)}${firstRow}`, `A${firstRow + 1}:${columnLetter(printLast)}${firstRow + 1}`] : []);
  const footer = async (sheet: { row(cells: readonly Cell[], height?: number): Promise<void> }, t: OrgTally): Promise<void> => {
    const text = `共 ${t.total} 项：重大事故隐患 ${t.major} 项（其中定级偏低 ${t.underGraded} 项）、待核实 ${t.indeterminate} 项；已整改 ${t.rectified} 项，逾期未整改 ${t.overdue} 项`;
    await sheet.row([{ v: '合计', s: STYLE.total }, { v: text, s: STYLE.total }, ...Array.from({ length: Math.max(0, printLast - 1) }, () => ({ v: null, s: STYLE.total }))], 22);
    await sheet.row([{ v: signoffLine(options.signoff), s: STYLE.note }], 30);
  };
  const renderer: RowRenderer = (options.renderWorker ?? store.spilled) ? workerRenderer(spec) : inlineRenderer(spec);
  try {
    const rows = store.sortedEncoded();
    let pending: IteratorResult<EncodedRow> = rows.next();
    let part = 0;
    const capacity = MAX_ROWS - headerRow;
    while (!pending.done) {
      const org = pending.value.meta.org;
      part++;
      const base = options.splitByOrg ? sheetName(org || '未填单位') : '隐患台账';
      const name = unique(options.splitByOrg || part === 1 ? base : `${base}(${part})`, names);
      sheets.push(name);
      const title = options.title === false ? false : options.splitByOrg && options.titleFor ? options.titleFor(org) : options.title;
      // Rows of this sheet are only known once written: the footer rows follow them, so their merges are set after.
      const merges: string[] = [];
      await wb.sheet({ ...sheetOptions(name), get merges() { return [...(titleRows ? [`A1:${columnLetter(printLast)}1`] : []), ...merges]; } }, async (sheet) => {
        if (title !== false) await sheet.row([{ v: title, s: STYLE.title }], 32);
        await sheet.row(headers.map((h) => ({ v: h, s: STYLE.header })), 36);
        const batcher = new SheetBatcher(renderer, sheet, headerRow + 1, seq + 1);
        let written = 0;
        const sheetTally = emptyTally();
        while (!pending.done && written < capacity - 2) {
          const row = pending.value;
          if (options.splitByOrg && row.meta.org !== org) break;
          seq++;
          written++;
          tallyOrg(perOrg, row.meta);
          addTally(sheetTally, row.meta);
          await batcher.add(row.body, row.meta.overdue);
          pending = rows.next();
        }
        await batcher.finish();
        merges.push(...footerMerges(sheet.rowCount + 1));
        await footer(sheet, sheetTally);
      });
      if (options.splitByOrg) part = 0;
    }
  } finally {
    await renderer.close();
  }
  if (sheets.length === 0) {
    sheets.push('隐患台账');
    await wb.sheet(sheetOptions('隐患台账', footerMerges(headerRow + 1)), async (sheet) => {
      if (options.title !== false) await sheet.row([{ v: options.title, s: STYLE.title }], 32);
      await sheet.row(headers.map((h) => ({ v: h, s: STYLE.header })), 36);
      await footer(sheet, emptyTally());
    });
  }
  if (options.splitByOrg) {
    const name = unique('汇总', names);
    sheets.push(name);
    await wb.sheet({ name, widths: [28, 10, 10, 10, 10, 10, 10], freezeRows: 1, landscape: true }, async (s) => {
      const head = ['单位名称', '隐患总数', '重大隐患', '已整改', '逾期未整改', '定级偏低', '待核实'];
      await s.row(head.map((h) => ({ v: h, s: STYLE.header })), 30);
      const total = { total: 0, major: 0, overdue: 0, rectified: 0, underGraded: 0, indeterminate: 0 };
      for (const [org, t] of perOrg) {
        await s.row([{ v: org || '未填单位', s: STYLE.text }, ...[t.total, t.major, t.rectified, t.overdue, t.underGraded, t.indeterminate].map((v) => ({ v, s: STYLE.number }))]);
        for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += t[k];
      }
      await s.row([{ v: '合计', s: STYLE.header }, ...[total.total, total.major, total.rectified, total.overdue, total.underGraded, total.indeterminate].map((v) => ({ v, s: STYLE.header }))]);
    });
  }
  if (overflow.length > 0) {
    const name = unique('原表其他列', names);
    sheets.push(name);
    const wanted = new Set(overflow);
    await wb.sheet({ name, widths: [8, 24, 40], freezeRows: 1 }, async (s) => {
      await s.row(['序号', '原表列', '值'].map((h) => ({ v: h, s: STYLE.header })));
      let n = 0;
      for (const row of store.sortedEncoded()) {
        n++;
        const [, extra] = JSON.parse(row.body) as [unknown, Record<string, string>];
        for (const [h, v] of Object.entries(extra)) if (wanted.has(h)) await s.row([{ v: n, s: STYLE.number }, { v: h, s: STYLE.text }, { v, s: STYLE.wrap }]);
      }
    });
  }
  if (options.longTexts && options.longTexts.length) {
    const name = unique('超长文本', names);
    sheets.push(name);
    await wb.sheet({ name, widths: [30, 10, 20, 8, 80], freezeRows: 1 }, async (s) => {
      await s.row(['来源文件', '来源行', '列', '片段', '全文（按 32 767 字分段）'].map((h) => ({ v: h, s: STYLE.header })));
      for (const t of options.longTexts ?? []) {
        const pieces = chunks(t.text);
        for (let i = 0; i < pieces.length; i++) await s.row([{ v: t.file, s: STYLE.text }, { v: `${t.sheet}!${t.row}`, s: STYLE.text }, { v: t.header, s: STYLE.text }, { v: `${i + 1}/${pieces.length}`, s: STYLE.text }, { v: pieces[i] ?? '', s: STYLE.wrap }]);
      }
    });
  }
  if (options.vanished && options.vanished.length) {
    const name = unique('上月未销号消失', names);
    sheets.push(name);
    await wb.sheet({ name, widths: [24, 40, 12, 24], freezeRows: 1 }, async (s) => {
      await s.row(['单位名称', '隐患描述', '发现日期', '上月台账来源'].map((h) => ({ v: h, s: STYLE.header })));
      for (const v of options.vanished ?? []) await s.row([{ v: v.org, s: STYLE.text }, { v: v.description, s: STYLE.wrap }, { v: v.found ? { date: v.found } : null, s: STYLE.date }, { v: v.source, s: STYLE.text }]);
    });
  }
  const infoName = unique('说明', names);
  sheets.push(infoName);
  await wb.sheet({ name: infoName, widths: [20, INFO_WIDTH] }, async (s) => {
    await writeInfo(s, options.info, seq);
  });
  await wb.finish({ title: options.title === false ? '隐患整改台账' : options.title });
  return { rows: seq, sheets, ...(overflow.length ? { foldedColumns: overflow.length } : {}) };
}

/** "填表人：王五　　审核人：＿＿＿＿　　日期：＿＿＿＿": what the config gives, blanks to sign by hand. */
export function signoffLine(s: SignOff | undefined): string {
  const blank = '＿＿＿＿＿＿';
  return `填表人：${s?.preparer || blank}　　　　审核人：${s?.reviewer || blank}　　　　日期：${s?.date || blank}`;
}

type OrgTally = { total: number; major: number; overdue: number; rectified: number; underGraded: number; indeterminate: number };

function emptyTally(): OrgTally {
  return { total: 0, major: 0, overdue: 0, rectified: 0, underGraded: 0, indeterminate: 0 };
}

/** The 说明 sheet is printed portrait on A4: the second column wraps, each row as tall as its text. */
const INFO_WIDTH = 70;

async function writeInfo(s: { row(cells: readonly Cell[], height?: number): Promise<void> }, info: LedgerInfo, rows: number): Promise<void> {
  const line = async (k: string, v: string) => s.row([{ v: k, s: STYLE.bold }, { v, s: STYLE.note }], rowHeightFor([{ text: v, width: INFO_WIDTH }]));
  // The first cell marks the workbook as a hazard-toolkit ledger so `hazard check` can read it back.
  await line('hazard-toolkit 隐患整改台账', '本工作簿由 hazard ledger 生成；本表为说明，不是数据');
  await line('截至日期', info.asOf);
  await line('工具版本', `hazard-toolkit ${info.version}`);
  await line('判定标准版本（sha256）', `${info.criteriaHash}（${info.criteriaFiles} 个规则文件）`);
  await line('台账行数', String(rows));
  await line('配置文件', info.config ?? '未使用配置文件');
  for (const i of info.inputs) await line('输入文件', `${i.file}${i.sha256 ? `  sha256 ${i.sha256}` : ''}`);
  for (const f of info.failed ?? []) await line('未能读取的输入', `${f.file}：${f.reason}。该文件中的隐患不在本台账中`);
  await line('判定结果', '重大：符合重大事故隐患判定标准条款；一般：未匹配任何条款；待核实：部分符合，缺少判定所需信息');
  await line('定级核对', '一致；定级偏低：记录为一般但符合重大隐患条款；缺少判定依据：记录为重大但未匹配条款；待核实；未记录等级');
  await line('是否逾期 / 逾期天数', '截至日期时未整改且已过整改期限；天数按自然日计');
  await line('是否按期', '整改完成日期不晚于整改期限为按期；未到期未整改显示“未到期”');
  await line('五落实完整性', '仅重大隐患：责任、措施、资金、时限、预案是否齐全');
  await line('存量/增量', '存量：2023年12月31日及以前发现；增量：按发现年份');
  await line('（原文）列', '归一化前的单元格原文，仅在与归一化值不同时填写');
}

function tallyOrg(map: Map<string, OrgTally>, row: RowMeta): void {
  let t = map.get(row.org);
  if (!t) map.set(row.org, (t = emptyTally()));
  addTally(t, row);
}

function addTally(t: OrgTally, row: RowMeta): void {
  t.total++;
  if (row.level === 'major') t.major++;
  if (row.overdue) t.overdue++;
  if (row.rectified) t.rectified++;
  if (row.grading === 'under-graded') t.underGraded++;
  if (row.determination === 'indeterminate') t.indeterminate++;
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], not blank. */
/**
 * A sheet name Excel accepts: no control characters or : \\ / ? * [ ], no apostrophe at either end, not the
 * reserved “History”, at most 31 UTF-16 units (an emoji is two) and never cut inside a surrogate pair.
 */
export function sheetName(name: string): string {
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, '').replace(/[:\\/?*[\]]/g, '_').replace(/^'+|'+$/g, '').trim();
  const cut = cutUnits(cleaned, SHEET_NAME_UNITS - 3).replace(/^'+|'+$/g, '').trim() || '未命名';
  return cut.toLowerCase() === 'history' ? `${cut}_` : cut;
}

const SHEET_NAME_UNITS = 31;

/** The longest prefix of `text` within `units` UTF-16 code units that does not split a character. */
function cutUnits(text: string, units: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > units) break;
    out += ch;
  }
  return out;
}

/** Unique among the workbook's names as Excel compares them (case-insensitively), still within 31 units. */
function unique(name: string, taken: Set<string>): string {
  let candidate = cutUnits(name, SHEET_NAME_UNITS);
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) {
    const suffix = `(${i})`;
    candidate = `${cutUnits(name, SHEET_NAME_UNITS - suffix.length)}${suffix}`;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** CSV: UTF-8 with BOM by default (Excel on Chinese Windows reads it), or GB18030. Formula-looking cells are neutralised. */
export async function writeLedgerCsv(out: Writable, store: RowStore, encoding: 'utf-8' | 'gb18030'): Promise<LedgerWriteStats> {
  const { columns, extras } = ledgerColumns(store);
  const at = columns.map((c) => cellIndex(c.key));
  const encode = (s: string): Buffer => (encoding === 'gb18030' ? iconv.encode(s, 'gb18030') : Buffer.from(s, 'utf8'));
  const write = async (s: string): Promise<void> => {
    if (out.errored) throw out.errored;
    if (!out.write(encode(s))) await drained(out);
  };
  if (encoding === 'utf-8') await write('\ufeff');
  await write(`${[...columns.map((c) => c.header), ...extras.map((h) => `原表·${h}`)].map(csvCell).join(',')}\r\n`);
  let seq = 0;
  let buffer = '';
  for (const row of store.sorted()) {
    seq++;
    const values = columns.map((c, i) => (c.key === 'seq' ? seq : (row.cells[at[i] ?? -1] ?? null)));
    const cells = values.map((v, i) => (typeof v === 'string' && ID_COLUMNS.has(columns[i]?.key ?? '') ? excelSafeId(v) : csvValue(v)));
    buffer += `${[...cells, ...extras.map((h) => csvCell(row.extra[h] ?? ''))].join(',')}\r\n`;
    if (buffer.length > 65_536) {
      await write(buffer);
      buffer = '';
    }
  }
  if (buffer) await write(buffer);
  return { rows: seq, sheets: [] };
}

/** Columns holding identifiers that Excel would turn into numbers (dropping leading zeros, or digits past 15). */
const ID_COLUMNS: ReadonlySet<string> = new Set(['hazard_id', 'uscc']);

/**
 * An all-digit id Excel would mangle on opening — a leading zero, or 12+ digits (an all-digit 统一社会信用代码
 * becomes 9.1E+17) — is written as the text formula ="…", which Excel and WPS show as the text itself.
 */
export function excelSafeId(text: string): string {
  return /^\d+$/.test(text) && (text.startsWith('0') || text.length >= 12) ? `"=""${text}"""` : csvCell(text);
}

function csvValue(v: LedgerValue): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object') return v.date;
  return csvCell(v);
}

/** Quote as RFC 4180; prefix a quote to text that a spreadsheet would run as a formula (CSV injection). */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
