/**
 * The CSV reader: encoding detection (decode.ts), delimiter sniffing, then a streaming csv-parse
 * pass. One CSV is one sheet named after the file; `row` is the line where the record starts.
 */
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { InputError } from '../../errors.js';
import { decodeFile, detectEncoding, MAX_LINES_NAMED, textBytes, type DetectedEncoding } from './decode.js';
import { fsInputError, inputError } from './input-error.js';
import { ROW_BATCH_SIZE } from './raw.js';
import { sheetWorkerAvailable, workerSheetRows } from './worker-sheet-rows.js';
import type { OpenOptions, RawCell, RawRow, WorkbookSource } from './raw.js';
import type { Diagnostic } from '../../diagnostic.js';

const DELIMITERS = [',', '\t', ';'] as const;
const SNIFF_CHARS = 64 * 1024;
const SNIFF_RECORDS = 20;
/** Excel caps a cell at 32 767 characters; a record this big means an unclosed quote. */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

/** Opens a CSV (or other delimited text) file as a one-sheet workbook. */
export async function readCsv(file: string, options: OpenOptions = {}): Promise<WorkbookSource> {
  const detected = await detectEncoding(file, options.encoding, options.preloaded).catch((error: unknown) => {
    throw error instanceof InputError ? error : fsInputError(file, error);
  });
  const delimiter = options.csvDelimiter !== undefined ? delimiterOption(options.csvDelimiter) : await sniffDelimiter(file, detected, options.preloaded);
  const name = basename(file, extname(file)) || basename(file);
  const diagnostics: WorkbookSource['diagnostics'] = [];
  if (detected.invalid) {
    const { count, lines } = detected.invalid;
    diagnostics.push({
      code: 'csv-invalid-utf8',
      severity: 'error',
      message: `文件按 UTF-8 读取，但第 ${lines.join('、')} 行${lines.length >= MAX_LINES_NAMED ? '等处' : ''}共有 ${count} 处字节不是有效的 UTF-8（已显示为 �，原字符无法还原）；请核对这些行，或用 --encoding 指定编码`,
      location: { file, sheet: name, ...(lines[0] !== undefined ? { row: lines[0] } : {}) },
    });
  }
  const inWorker = options.rowsInWorker === true && !options.preloaded && sheetWorkerAvailable();
  return {
    file,
    format: 'csv',
    encoding: detected.encoding,
    sheets: [{
      name,
      index: 0,
      hidden: false,
      rows: () => (inWorker ? workerSheetRows(file, { format: 'csv', detected, delimiter }, diagnostics) : csvRows(file, detected, delimiter, options.preloaded, diagnostics)),
    }],
    diagnostics,
  };
}

/**
 * The records of a CSV whose encoding and delimiter are known, in row batches. A malformed record (an unclosed
 * quote) does not cost the records before it: they are delivered, and the problem is a located diagnostic.
 */
export async function* csvRows(file: string, detected: DetectedEncoding, delimiter: string, preloaded: Buffer | undefined, diagnostics: Diagnostic[]): AsyncGenerator<RawRow[]> {
  const skipped: CsvError[] = [];
  const parser = parse({
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
    // Raised by csv-parse as a stream error, a bad record would discard the parsed records still buffered in the
    // stream: collected instead, and reported once the good records are out.
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error instanceof CsvError) skipped.push(error);
    },
  });
  // UTF-8 goes to csv-parse as bytes (it decodes whole fields); other encodings as decoded text.
  const input = detected.decoder === 'utf-8'
    ? textBytes(file, detected.bomLength, preloaded)
    : Readable.from(decodeFile(file, detected, preloaded));
  input.on('error', (error: Error) => parser.destroy(error));
  input.pipe(parser);
  let line = 1;
  let batch: RawRow[] = [];
  try {
    for await (const record of parser) {
      if (!isStringArray(record)) continue;
      const row = line;
      line += 1 + lineBreaks(record);
      const cells = toCells(record);
      if (cells.length === 0) continue;
      batch.push({ row, cells });
      if (batch.length >= ROW_BATCH_SIZE) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    if (error instanceof CsvError) throw malformed(file, error, line);
    throw error instanceof InputError ? error : fsInputError(file, error);
  } finally {
    input.destroy();
    parser.destroy();
  }
  if (batch.length > 0) yield batch;
  const name = basename(file, extname(file)) || basename(file);
  for (const error of skipped) {
    // An unclosed quote swallows the rest of the file, so it is found at the end: its record starts where the
    // last good record ended. Other bad records are skipped where they are.
    const unclosed = error.code === 'CSV_QUOTE_NOT_CLOSED';
    const at = unclosed ? line : lineOf(error, line);
    diagnostics.push({
      code: 'csv-malformed-record',
      severity: 'error',
      message: unclosed
        ? `第 ${at} 行的引号没有闭合，从该行到文件末尾（第 ${Math.max(at, lineOf(error, at))} 行）未能读取；之前的各行已读取`
        : `CSV 格式错误：${reason(error, at)}，该记录未能读取`,
      location: { file, sheet: name, row: at },
    });
  }
}

function lineOf(error: CsvError, fallback: number): number {
  const lines: unknown = Reflect.get(error, 'lines');
  return typeof lines === 'number' && lines > 0 ? lines : fallback;
}

/** Cells as RawCell, '' → null, trailing empties dropped (an all-empty record → []). */
function toCells(record: string[]): RawCell[] {
  let last = record.length - 1;
  while (last >= 0 && record[last] === '') last--;
  const cells: RawCell[] = new Array<RawCell>(last + 1);
  for (let i = 0; i <= last; i++) {
    const value = record[i];
    cells[i] = value === undefined || value === '' ? null : value;
  }
  return cells;
}

/** Line breaks inside quoted fields; the record's own terminator is counted by the caller. */
function lineBreaks(record: string[]): number {
  let breaks = 0;
  for (const value of record) {
    if (!value.includes('\n') && !value.includes('\r')) continue;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code === 10 || (code === 13 && value.charCodeAt(i + 1) !== 10)) breaks++;
    }
  }
  return breaks;
}

/** Picks the delimiter that splits the first records most consistently (comma if undecided). */
async function sniffDelimiter(file: string, detected: DetectedEncoding, preloaded?: Buffer): Promise<string> {
  let sample = '';
  let complete = true;
  try {
    for await (const text of decodeFile(file, detected, preloaded)) {
      sample += text;
      if (sample.length >= SNIFF_CHARS) {
        complete = false;
        break;
      }
    }
  } catch (error) {
    throw fsInputError(file, error);
  }
  const records = sampleRecords(sample, complete);
  let best = ',';
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    const counts = records.map((record) => record.split(delimiter).length - 1);
    const total = counts.reduce((sum, n) => sum + n, 0);
    const consistent = counts.every((n) => n > 0 && n === counts[0]);
    const score = total === 0 ? 0 : (consistent ? 1_000_000 : 0) + total;
    if (score > bestScore) [best, bestScore] = [delimiter, score];
  }
  return best;
}

/** The first non-blank records of the sample with quoted text removed (an incomplete last one dropped). */
function sampleRecords(sample: string, complete: boolean): string[] {
  const records: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < sample.length && records.length < SNIFF_RECORDS; i++) {
    const c = sample[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '\n' || c === '\r') {
      if (current.trim().length > 0) records.push(current);
      current = '';
    } else current += c;
  }
  if (complete && current.trim().length > 0 && records.length < SNIFF_RECORDS) records.push(current);
  return records.length > 0 ? records : [current];
}

function delimiterOption(value: string): string {
  const lower = value.toLowerCase();
  return lower === 'tab' || value === '\\t' ? '\t' : lower === 'comma' ? ',' : lower === 'semicolon' ? ';' : value;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value);
}

function reason(error: CsvError, line: number): string {
  const reasons: Readonly<Record<string, string>> = {
    CSV_QUOTE_NOT_CLOSED: `从第 ${line} 行开始的引号没有闭合`,
    CSV_INVALID_CLOSING_QUOTE: `第 ${line} 行的引号后面还有多余字符`,
    CSV_MAX_RECORD_SIZE: `第 ${line} 行起的一条记录超过 ${MAX_RECORD_CHARS} 个字符（多半是引号没有闭合）`,
  };
  return reasons[error.code] ?? `第 ${line} 行附近无法解析`;
}

function malformed(file: string, error: CsvError, line: number): InputError {
  return inputError(file, 'input-csv-malformed', `CSV 格式错误：${reason(error, line)}`, error);
}
