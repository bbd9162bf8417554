/**
 * The streaming xlsx reader: zip central directory → workbook structure → styles (date styles)
 * → shared strings (loaded once, on the first sheet read) → each sheet scanned lazily in row batches.
 */
import type { Diagnostic } from '../../diagnostic.js';
import { columnIndex, columnLetters } from './cell-ref.js';
import { DEFAULT_MAX_INFLATED_BYTES, ROW_BATCH_SIZE } from './raw.js';
import type { CellRange, OpenOptions, RawRow, SheetSource, WorkbookSource } from './raw.js';
import { readSharedStrings } from './shared-strings.js';
import { sheetWorkerAvailable, workerSheetRows } from './worker-sheet-rows.js';
import { MAX_COLUMN_INDEX, SheetScanner, type ScanProblem, type SheetScanContext } from './sheet-scanner.js';
import { parseDateStyles, readXlsxStructure, type XlsxSheetPart } from './xlsx-parts.js';
import { partText, readPartText } from './xml.js';
import { ZipArchive, type ZipEntry } from './zip.js';

interface WorkbookContext {
  zip: ZipArchive;
  date1904: boolean;
  dateStyles: boolean[];
  sharedStrings: () => Promise<readonly string[]>;
  /** The shared-string part held bytes that are not UTF-8. */
  sharedStringsInvalid: boolean;
  diagnostics: Diagnostic[];
}

/** Opens an xlsx file (already sniffed as a zip); sheets are read only when iterated. */
export async function readXlsx(file: string, options: OpenOptions = {}): Promise<WorkbookSource> {
  const zip = await ZipArchive.open(file, options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES, options.preloaded);
  const structure = await readXlsxStructure(zip);
  const parts = [structure.styles, structure.sharedStrings, ...structure.sheets.map((sheet) => sheet.entry)];
  zip.checkDeclaredSizes(parts.filter((entry): entry is ZipEntry => entry !== undefined));

  const dateStyles = structure.styles ? parseDateStyles(await readPartText(zip, structure.styles)) : [];
  const diagnostics: Diagnostic[] = [];
  for (const name of new Set(zip.duplicates)) {
    diagnostics.push({
      code: 'xlsx-duplicate-part',
      severity: 'error',
      message: `压缩包内有多个名为 ${name} 的部件（文件已损坏或被篡改），不同软件读到的内容可能不同；已读取第一个，请核对或用 Excel 另存后重试`,
      location: { file },
    });
  }
  const sstEntry = structure.sharedStrings;
  let sst: Promise<readonly string[]> | undefined;
  const context: WorkbookContext = {
    zip,
    date1904: structure.date1904,
    dateStyles,
    sharedStrings: () => (sst ??= sstEntry ? readSharedStrings(zip, sstEntry, () => (context.sharedStringsInvalid = true)) : Promise.resolve([])),
    sharedStringsInvalid: false,
    diagnostics,
  };
  const inWorker = options.rowsInWorker === true && !options.preloaded && sheetWorkerAvailable();
  const maxInflated = options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  const sheets = structure.sheets.map((part, index): SheetSource => {
    const reported = new Set<string>();
    return {
      name: part.name,
      index,
      hidden: part.hidden,
      merges: () => sheetMerges(zip, part),
      rows: () => (inWorker && part.entry ? workerSheetRows(file, { format: 'xlsx', sheet: index, maxInflatedBytes: maxInflated }, context.diagnostics) : sheetRows(context, part, reported)),
    };
  });
  return { file, format: 'xlsx', sheets, diagnostics: context.diagnostics };
}

async function* sheetRows(context: WorkbookContext, part: XlsxSheetPart, reported: Set<string>): AsyncGenerator<RawRow[]> {
  const { zip, diagnostics } = context;
  const location = { file: zip.file, sheet: part.name };
  const reportOnce = (diagnostic: Diagnostic): void => {
    if (reported.has(diagnostic.code)) return;
    reported.add(diagnostic.code);
    diagnostics.push(diagnostic);
  };
  if (!part.entry) {
    // A chart sheet has no cells by design; a worksheet whose part is missing lost its cells: that is not silent.
    reportOnce(
      part.kind === 'chartsheet'
        ? { code: 'xlsx-chart-sheet', severity: 'info', message: `工作表“${part.name}”是图表工作表，没有单元格数据`, location }
        : {
            code: 'xlsx-sheet-unreadable',
            severity: 'error',
            message: `工作表“${part.name}”的数据部件${part.path ? ` ${part.path} ` : ''}在文件中缺失（文件可能已损坏），该表未能读取；请用 Excel 打开并另存后重试`,
            location,
          },
    );
    return;
  }
  let sheetInvalid = false;
  const sharedStrings = await context.sharedStrings();
  const scanContext: SheetScanContext = {
    sharedStrings,
    dateStyles: context.dateStyles,
    date1904: context.date1904,
    invalidUtf8: () => sheetInvalid || context.sharedStringsInvalid,
    report: (problem, row, column) => {
      const cell = { ...location, row, column: column > MAX_COLUMN_INDEX ? columnName(column) : columnLetters(column) };
      reportOnce(problemDiagnostic(problem, cell));
    },
  };
  const scanner = new SheetScanner(scanContext);
  let batch: RawRow[] = [];
  // Read to the end even after </sheetData> so the entry's size and CRC are verified.
  for await (const text of partText(zip, part.entry, () => (sheetInvalid = true))) {
    if (scanner.done) continue;
    scanner.push(text, batch);
    if (batch.length >= ROW_BATCH_SIZE) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

// Reading merges means inflating the sheet a second time (they follow the cell data): done up to this size, about
// 250 000 rows of an Excel-saved ledger (shared strings), which covers hand-made ledgers; machine exports do not
// merge cells. Measured on an 89 MB sheet (100 000 rows, inline strings): the extra pass cost ~5 % of `check`.
const MERGE_SCAN_LIMIT = 64 * 1024 * 1024;
const MERGE_CELL = /<mergeCell\s[^>]*?ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/g;

async function sheetMerges(zip: ZipArchive, part: XlsxSheetPart): Promise<CellRange[] | undefined> {
  if (!part.entry) return [];
  if (part.entry.uncompressedSize > MERGE_SCAN_LIMIT) return undefined;
  // Bytes, not text: only the short <mergeCells> block at the end is decoded (refs are ASCII).
  const marker = Buffer.from('<mergeCell');
  let tail = '';
  let carry = Buffer.alloc(0);
  for await (const chunk of zip.chunks(part.entry)) {
    if (tail !== '') {
      tail += chunk.toString('latin1');
      continue;
    }
    const joined = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const at = joined.indexOf(marker);
    if (at >= 0) tail = joined.toString('latin1', at);
    else carry = Buffer.from(joined.subarray(Math.max(0, joined.length - marker.length)));
  }
  const ranges: CellRange[] = [];
  for (const m of tail.matchAll(MERGE_CELL)) {
    const top = Number(m[2]);
    const left = columnIndex(m[1] ?? 'A');
    ranges.push({ top, left, bottom: m[4] ? Number(m[4]) : top, right: m[3] ? columnIndex(m[3]) : left });
  }
  return ranges;
}

/** A column index past XFD, shown as Excel would spell it if it could (without allocating anything). */
function columnName(index: number): string {
  return Number.isFinite(index) && index < 1e12 ? columnLetters(index) : '超出范围的列';
}

const ONLY_FIRST = '（同类问题只报第一处）';

/** What a cell problem means for the user: formula without a cached value is a note; the rest is content lost. */
function problemDiagnostic(problem: ScanProblem, location: Diagnostic['location']): Diagnostic {
  switch (problem) {
    case 'formula-without-value':
      return { code: 'xlsx-formula-no-value', severity: 'info', message: '公式单元格没有保存计算结果（文件未经 Excel 重新计算），按空值处理；可在 Excel 中打开并保存后重试', location };
    case 'shared-string-missing':
      return { code: 'xlsx-shared-string-missing', severity: 'error', message: `单元格引用了不存在的共享字符串（序号超出范围），内容无法读取，按空值处理；文件可能已损坏${ONLY_FIRST}`, location };
    case 'invalid-utf8':
      return { code: 'xlsx-invalid-utf8', severity: 'error', message: `单元格文本含有不是有效 UTF-8 的字节，已显示为 �，原字符无法还原；文件可能已损坏${ONLY_FIRST}`, location };
    case 'column-out-of-range':
      return { code: 'xlsx-column-out-of-range', severity: 'error', message: `单元格的列超出 Excel 上限 XFD（16 384 列），无法读取，已跳过；文件可能已损坏${ONLY_FIRST}`, location };
    case 'date-invalid':
      return { code: 'xlsx-date-invalid', severity: 'error', message: `日期单元格的值不是存在的日期，按原文保留，不换算为其他日期${ONLY_FIRST}`, location };
  }
}
