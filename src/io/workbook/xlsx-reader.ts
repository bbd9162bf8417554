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
import { SheetScanner, type SheetScanContext } from './sheet-scanner.js';
import { parseDateStyles, readXlsxStructure, type XlsxSheetPart } from './xlsx-parts.js';
import { partText, readPartText } from './xml.js';
import { ZipArchive, type ZipEntry } from './zip.js';

interface WorkbookContext {
  zip: ZipArchive;
  date1904: boolean;
  dateStyles: boolean[];
  sharedStrings: () => Promise<readonly string[]>;
  diagnostics: Diagnostic[];
}

/** Opens an xlsx file (already sniffed as a zip); sheets are read only when iterated. */
export async function readXlsx(file: string, options: OpenOptions = {}): Promise<WorkbookSource> {
  const zip = await ZipArchive.open(file, options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES, options.preloaded);
  const structure = await readXlsxStructure(zip);
  const parts = [structure.styles, structure.sharedStrings, ...structure.sheets.map((sheet) => sheet.entry)];
  zip.checkDeclaredSizes(parts.filter((entry): entry is ZipEntry => entry !== undefined));

  const dateStyles = structure.styles ? parseDateStyles(await readPartText(zip, structure.styles)) : [];
  const sstEntry = structure.sharedStrings;
  let sst: Promise<readonly string[]> | undefined;
  const context: WorkbookContext = {
    zip,
    date1904: structure.date1904,
    dateStyles,
    sharedStrings: () => (sst ??= sstEntry ? readSharedStrings(zip, sstEntry) : Promise.resolve([])),
    diagnostics: [],
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
  const scanContext: SheetScanContext = {
    sharedStrings: await context.sharedStrings(),
    dateStyles: context.dateStyles,
    date1904: context.date1904,
    report: (problem, row, column) => {
      const cell = { ...location, row, column: columnLetters(column) };
      reportOnce(problem === 'formula-without-value'
        ? {
            code: 'xlsx-formula-no-value',
            severity: 'info',
            message: '公式单元格没有保存计算结果（文件未经 Excel 重新计算），按空值处理；可在 Excel 中打开并保存后重试',
            location: cell,
          }
        : {
            code: 'xlsx-shared-string-missing',
            severity: 'error',
            message: '单元格引用了不存在的共享字符串（序号超出范围），内容无法读取，按空值处理；文件可能已损坏（同类问题只报第一处）',
            location: cell,
          });
    },
  };
  const scanner = new SheetScanner(scanContext);
  let batch: RawRow[] = [];
  // Read to the end even after </sheetData> so the entry's size and CRC are verified.
  for await (const text of partText(zip, part.entry)) {
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
