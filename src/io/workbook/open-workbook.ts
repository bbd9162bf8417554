/**
 * Entry point of the spreadsheet readers: sniffs the content (not just the extension) and hands
 * the file to the xlsx or CSV reader.
 */
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Diagnostic } from '../../diagnostic.js';
import { readCsv } from './csv-reader.js';
import { readHead } from './decode.js';
import { inputError } from './input-error.js';
import type { OpenOptions, WorkbookSource } from './raw.js';
import { readXlsx } from './xlsx-reader.js';

const SNIFF_BYTES = 4096;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const SPREADSHEET_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xltx', '.xltm', '.xls', '.et', '.ett', '.ods', '.xlsb', '.numbers']);

/** Opens an xlsx or CSV workbook for streaming; throws `InputError` when it cannot be read at all. */
export async function openWorkbook(path: string, options: OpenOptions = {}): Promise<WorkbookSource> {
  const extension = extname(path).toLowerCase();
  // A Numbers document is often a folder (a macOS package), not a file: named for what it is either way.
  if (extension === '.numbers' && !options.preloaded && (await isDirectory(path))) throw numbersError(path);
  const head = options.preloaded ? options.preloaded.subarray(0, SNIFF_BYTES) : await readHead(path, SNIFF_BYTES);
  if (head.length === 0 || (head.length === UTF8_BOM.length && startsWith(head, UTF8_BOM))) {
    throw inputError(path, 'input-empty', '文件为空');
  }
  if (startsWith(head, ZIP_MAGIC) || startsWith(head, EMPTY_ZIP_MAGIC)) {
    const workbook = await readXlsx(path, options);
    if (extension === '.csv' || extension === '.txt') {
      workbook.diagnostics.push(misnamed(path, `扩展名是 ${extension}，内容却是 xlsx 工作簿，已按 xlsx 读取`));
    }
    return workbook;
  }
  if (startsWith(head, OLE2_MAGIC)) throw await ole2Error(path, extension, options.preloaded);
  const markup = markupKind(head);
  if (markup === 'html') {
    throw inputError(path, 'input-html-table', '文件实为网页（HTML）表格，不是真正的 Excel 文件，请用 Excel 或 WPS 打开后另存为 .xlsx');
  }
  if (markup === 'xml' && extension === '.fods') {
    throw inputError(path, 'input-ods', '这是 OpenDocument 平面 XML 表格（.fods），本工具不读取；请用 LibreOffice、WPS 或 Excel 打开后“另存为” .xlsx');
  }
  if (markup === 'xml') {
    throw inputError(path, 'input-not-zip', '文件是 XML 表格（Excel 2003 XML 等），请用 Excel 或 WPS 打开后另存为 .xlsx');
  }
  // NUL bytes are normal in UTF-16 text, so an explicit --encoding utf16* skips the binary test.
  const declaredUtf16 = options.encoding !== undefined && /^utf-?16/i.test(options.encoding);
  if (!declaredUtf16 && isBinary(head)) {
    throw inputError(path, 'input-not-zip', SPREADSHEET_EXTENSIONS.has(extension)
      ? '不是有效的 xlsx 文件（不是 zip 格式），文件可能已损坏，请用 Excel 打开并另存为 .xlsx'
      : '既不是 xlsx 工作簿也不是 CSV 文本');
  }
  const workbook = await readCsv(path, options);
  if (SPREADSHEET_EXTENSIONS.has(extension)) {
    workbook.diagnostics.push(misnamed(path, `扩展名是 ${extension}，内容却是 CSV 文本，已按 CSV 读取（编码 ${workbook.encoding ?? 'utf-8'}）`));
  }
  return workbook;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

function numbersError(path: string) {
  return inputError(path, 'input-numbers', '这是 Apple Numbers 表格（.numbers），本工具不读取；请在 Numbers 中用“文件 > 导出为 > Excel”导出 .xlsx');
}

const ENCRYPTED_STREAM = Buffer.from('EncryptedPackage', 'utf16le');
const OLE2_SCAN_BYTES = 8 * 1024 * 1024;

/**
 * An OLE2 compound file is an encrypted xlsx (its EncryptedPackage stream), a WPS .et, or a legacy .xls: each is
 * named for what it is, with how to convert it. The stream names sit in the directory sectors, so the first
 * megabytes are searched.
 */
async function ole2Error(path: string, extension: string, preloaded?: Buffer) {
  const bytes = preloaded ?? (await readHead(path, OLE2_SCAN_BYTES));
  if (bytes.includes(ENCRYPTED_STREAM)) {
    return inputError(path, 'input-encrypted-or-xls', '文件已加密（设置了打开密码），无法读取；请在 Excel 或 WPS 中取消密码（文件 > 信息 > 保护工作簿）后另存为 .xlsx');
  }
  if (extension === '.et' || extension === '.ett') {
    return inputError(path, 'input-et', '这是 WPS 表格的旧版二进制文件（.et），本工具不读取；请用 WPS 打开后“另存为” Excel 工作簿（.xlsx）');
  }
  if (extension === '.xls' || extension === '.xlt') {
    return inputError(path, 'input-xls', '这是 Excel 97-2003 的旧版二进制工作簿（.xls），本工具不读取；请用 Excel 或 WPS 打开后“另存为” .xlsx');
  }
  // An .xlsx name on a compound file is what Excel writes for a password-protected workbook.
  return inputError(path, 'input-encrypted-or-xls', '文件已加密（设置了打开密码）或为旧版 .xls 格式，请另存为 .xlsx');
}

function misnamed(file: string, message: string): Diagnostic {
  return { code: 'input-extension-mismatch', severity: 'warning', message, location: { file } };
}

function startsWith(buf: Buffer, magic: readonly number[]): boolean {
  return magic.every((byte, i) => buf[i] === byte);
}

/** HTML or XML text saved under a spreadsheet name (a common "export to Excel" shortcut). */
function markupKind(head: Buffer): 'html' | 'xml' | undefined {
  const text = head.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().slice(0, 512).toLowerCase();
  if (/^<(!doctype html|html|table|meta)/.test(text)) return 'html';
  if (text.startsWith('<?xml')) return text.includes('<html') ? 'html' : 'xml';
  return undefined;
}

/** NUL or many control bytes: not a text file (UTF-16 with BOM is text). */
function isBinary(head: Buffer): boolean {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return false;
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1a) control++;
  }
  return control > head.length / 20;
}
