/**
 * Shared helpers of the tests/io/raw-*.test.ts files: a temp folder, a minimal zip writer (so
 * tests can hand-craft xlsx parts byte by byte) and a reader that collects every row.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type { RawRow, WorkbookSource } from '../../src/io/workbook/raw.js';

export interface TempDir {
  path(name: string): string;
  write(name: string, data: string | Uint8Array): string;
  remove(): void;
}

export function makeTempDir(): TempDir {
  const dir = mkdtempSync(join(tmpdir(), 'hazard-io-'));
  return {
    path: (name) => join(dir, name),
    write: (name, data) => {
      const file = join(dir, name);
      writeFileSync(file, data);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface ZipInput {
  name: string;
  data: string | Buffer;
  /** 0 = stored, 8 = deflate (default). */
  method?: 0 | 8;
  /** Lie about the uncompressed size in the headers (zip-bomb tests). */
  declaredSize?: number;
}

/** A zip file in memory: local headers, data, central directory, end record. */
export function zipBytes(inputs: readonly ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const input of inputs) {
    const raw = typeof input.data === 'string' ? Buffer.from(input.data, 'utf8') : input.data;
    const method = input.method ?? 8;
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const name = Buffer.from(input.name, 'utf8');
    const size = input.declaredSize ?? raw.length;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(inputs.length, 8);
  end.writeUInt16LE(inputs.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export interface SheetSpec {
  name: string;
  /** Inner XML of `<sheetData>` (or a whole worksheet document when `document` is set). */
  data: string;
  state?: 'hidden' | 'veryHidden';
  document?: boolean;
}

export interface XlsxSpec {
  sheets: SheetSpec[];
  /** `<si>` bodies, e.g. `<t>文本</t>`. */
  sharedStrings?: string[];
  /** numFmtId per cellXfs index, and custom format codes by id. */
  styles?: { xfs: number[]; formats?: Record<number, string> };
  date1904?: boolean;
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a minimal hand-written xlsx. */
export function xlsxEntries(spec: XlsxSpec): ZipInput[] {
  const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`;
  const rel = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="${REL_NS}/${type}" Target="${target}"/>`;
  const entries: ZipInput[] = [
    { name: '[Content_Types].xml', data: xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    { name: '_rels/.rels', data: xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>`) },
  ];
  const sheetTags = spec.sheets.map((sheet, i) =>
    `<sheet name="${sheet.name}" sheetId="${i + 1}"${sheet.state ? ` state="${sheet.state}"` : ''} r:id="rId${i + 1}"/>`);
  entries.push({
    name: 'xl/workbook.xml',
    data: xml(`<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><workbookPr${spec.date1904 ? ' date1904="1"' : ''}/><sheets>${sheetTags.join('')}</sheets></workbook>`),
  });
  const rels = spec.sheets.map((_, i) => rel(`rId${i + 1}`, 'worksheet', `worksheets/sheet${i + 1}.xml`));
  rels.push(rel('rIdS', 'sharedStrings', 'sharedStrings.xml'), rel('rIdT', 'styles', 'styles.xml'));
  entries.push({ name: 'xl/_rels/workbook.xml.rels', data: xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`) });
  spec.sheets.forEach((sheet, i) => {
    const data = sheet.document ? sheet.data : xml(`<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetData>${sheet.data}</sheetData></worksheet>`);
    entries.push({ name: `xl/worksheets/sheet${i + 1}.xml`, data });
  });
  if (spec.sharedStrings) {
    const items = spec.sharedStrings.map((body) => `<si>${body}</si>`).join('');
    entries.push({ name: 'xl/sharedStrings.xml', data: xml(`<sst xmlns="${MAIN_NS}" count="${spec.sharedStrings.length}" uniqueCount="${spec.sharedStrings.length}">${items}</sst>`) });
  }
  if (spec.styles) {
    const formats = Object.entries(spec.styles.formats ?? {}).map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code}"/>`);
    const xfs = spec.styles.xfs.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"/>`);
    entries.push({
      name: 'xl/styles.xml',
      data: xml(`<styleSheet xmlns="${MAIN_NS}"><numFmts count="${formats.length}">${formats.join('')}</numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs></styleSheet>`),
    });
  }
  return entries;
}

export function xlsxBytes(spec: XlsxSpec): Buffer {
  return zipBytes(xlsxEntries(spec));
}

/** Every row of one sheet, batches flattened. */
export async function readRows(workbook: WorkbookSource, sheet = 0): Promise<RawRow[]> {
  const source = workbook.sheets[sheet];
  if (!source) throw new Error(`no sheet ${sheet}`);
  const rows: RawRow[] = [];
  for await (const batch of source.rows()) rows.push(...batch);
  return rows;
}

/** `<row>` XML of inline-string cells from column A (null leaves a gap): sheets written byte by byte in tests. */
export function inlineRow(row: number, values: readonly (string | null)[]): string {
  const letter = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : String.fromCharCode(64 + Math.floor(i / 26)) + String.fromCharCode(65 + (i % 26)));
  const cells = values.map((v, i) => (v === null ? '' : `<c r="${letter(i)}${row}" t="inlineStr"><is><t>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t></is></c>`));
  return `<row r="${row}">${cells.join('')}</row>`;
}

/** A small ledger header and rows used across the hostile-input tests. */
export const LEDGER_HEADER = ['单位名称', '隐患描述', '隐患等级', '发现日期', '整改期限', '整改情况', '整改完成日期'] as const;
export function ledgerRow(i: number): string[] {
  return ['某机械厂', `第${i}处砂轮机防护罩缺失`, '一般', '2024-07-05', '2024-07-20', '已整改', '2024-07-08'];
}
