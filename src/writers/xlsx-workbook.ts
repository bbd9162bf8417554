import { excelSerial } from '../dates/calendar.js';
import type { Writable } from 'node:stream';
import { LOOK } from './xlsx-look.js';
import { ZipWriter } from './zip-writer.js';

/** Cell styles of the hand-written styles.xml; indexes into cellXfs. */
export const STYLE = {
  default: 0,
  title: 1,
  header: 2,
  text: 3,
  wrap: 4,
  date: 5,
  number: 6,
  alertText: 7,
  alertWrap: 8,
  alertDate: 9,
  alertNumber: 10,
  bold: 11,
  percent: 12,
  /** 合计 rows: bold, bordered, wrapped, left. */
  total: 13,
  /** Notes and sign-off lines: wrapped, no border. */
  note: 14,
} as const;
export type StyleId = (typeof STYLE)[keyof typeof STYLE];

export type CellValue = string | number | { date: string } | null | undefined;

export interface Cell {
  v: CellValue;
  s?: StyleId;
}

export interface SheetOptions {
  name: string;
  /** Column widths in characters. */
  widths: number[];
  /** Rows above the data that stay in view (title + header). */
  freezeRows?: number;
  /** Freeze columns left of this (0 = none). */
  freezeCols?: number;
  merges?: string[];
  /** Auto-filter over the header row: [headerRow (1-based), lastColumnIndex (0-based)]. */
  autoFilter?: { row: number; lastCol: number };
  /** List validations: column index (0-based), first data row (1-based), allowed values. */
  validations?: { col: number; fromRow: number; values: string[] }[];
  /** Printed A4 in this orientation, fitted to the page width (default portrait). */
  landscape?: boolean;
  /** Rows repeated on every printed page, e.g. "$2:$2". */
  printTitleRows?: string;
  /** Columns repeated on every printed page, e.g. "$A:$A". */
  printTitleCols?: string;
  /** Last column (0-based) of the print area; columns right of it are not printed. Default: all. */
  printLastCol?: number;
  hidden?: boolean;
  headerRowHeight?: number;
}

export interface SheetWriter {
  /** Append one row; `height` in points (for wrapped title/header rows). */
  row(cells: readonly Cell[], height?: number): Promise<void>;
  /** Append `count` rows already rendered by `rowXml`, numbered from `rowCount + 1`. */
  rows(xml: string | Uint8Array, count: number): Promise<void>;
  readonly rowCount: number;
}

/** Excel's hard row limit per sheet. */
export const MAX_ROWS = 1_048_576;

const COLS: string[] = [];
/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  const cached = COLS[index];
  if (cached) return cached;
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  COLS[index] = s;
  return s;
}

// Characters XML 1.0 forbids even escaped; Excel refuses the file if they appear.
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
// Most cell text needs no escaping: one test instead of two replaces (a million-row ledger escapes ~30M cells).
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
export function xmlEscape(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(INVALID_XML, '').replace(/[&<>"]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;'));
}

/** ISO date → Excel 1900-system serial (src/dates/calendar.ts; the 1899-12-30 epoch absorbs the 1900 leap-year bug). */
export { excelSerial };

/**
 * Streams an .xlsx: sheets are written one after another straight into the zip, inline strings, fixed styles.
 * Memory does not grow with rows. The workbook part is written last, when all sheet names are known.
 */
export class XlsxWorkbookWriter {
  private readonly zip: ZipWriter;
  private readonly sheets: SheetEntry[] = [];

  constructor(out: Writable, level = 6) {
    this.zip = new ZipWriter(out, level);
  }

  /** Write one sheet completely: `fill` appends its rows. */
  async sheet(options: SheetOptions, fill: (w: SheetWriter) => Promise<void>): Promise<void> {
    const index = this.sheets.length + 1;
    let rowCount = 0;
    await this.zip.add(`xl/worksheets/sheet${index}.xml`, async (write) => {
      await write(sheetHead(options));
      let buffer = '';
      const writer: SheetWriter = {
        get rowCount() {
          return rowCount;
        },
        async row(cells, height) {
          rowCount++;
          if (rowCount > MAX_ROWS) throw new Error(`sheet ${options.name} exceeds ${MAX_ROWS} rows`);
          buffer += rowXml(rowCount, cells, height);
          // Batch small writes: one deflate write per ~64 KB keeps the per-row overhead low.
          if (buffer.length > 65_536) {
            const chunk = buffer;
            buffer = '';
            await write(chunk);
          }
        },
        async rows(xml, count) {
          rowCount += count;
          if (rowCount > MAX_ROWS) throw new Error(`sheet ${options.name} exceeds ${MAX_ROWS} rows`);
          if (buffer) {
            const chunk = buffer;
            buffer = '';
            await write(chunk);
          }
          await write(typeof xml === 'string' ? xml : Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength));
        },
      };
      await fill(writer);
      if (buffer) await write(buffer);
      await write(sheetTail(options, rowCount));
    });
    const filter = options.autoFilter
      ? `'${options.name.replace(/'/g, "''")}'!$A$${options.autoFilter.row}:$${columnLetter(options.autoFilter.lastCol)}$${Math.max(rowCount, options.autoFilter.row)}`
      : undefined;
    this.sheets.push({
      name: options.name,
      hidden: options.hidden === true,
      ...(options.printTitleRows ? { printTitleRows: options.printTitleRows } : {}),
      ...(options.printTitleCols ? { printTitleCols: options.printTitleCols } : {}),
      ...(options.printLastCol !== undefined ? { printArea: `$A$1:$${columnLetter(options.printLastCol)}$${Math.max(rowCount, 1)}` } : {}),
      ...(filter ? { filter } : {}),
    });
  }

  /** Write workbook, styles, content types and relationships, then the central directory. */
  async finish(properties: { title?: string; creator?: string } = {}): Promise<void> {
    const n = this.sheets.length;
    const files: [string, string][] = [
      ['[Content_Types].xml', contentTypes(n)],
      ['_rels/.rels', ROOT_RELS],
      ['docProps/core.xml', coreProps(properties)],
      ['docProps/app.xml', APP_PROPS],
      ['xl/workbook.xml', workbookXml(this.sheets)],
      ['xl/_rels/workbook.xml.rels', workbookRels(n)],
      ['xl/styles.xml', STYLES_XML],
    ];
    for (const [name, body] of files) await this.zip.add(name, (write) => write(body));
    await this.zip.finish();
  }
}

interface SheetEntry {
  name: string;
  hidden: boolean;
  printTitleRows?: string;
  printTitleCols?: string;
  printArea?: string;
  filter?: string;
}

function sheetHead(o: SheetOptions): string {
  const freezeRows = o.freezeRows ?? 0;
  const freezeCols = o.freezeCols ?? 0;
  let pane = '';
  if (freezeRows > 0 || freezeCols > 0) {
    const topLeft = `${columnLetter(freezeCols)}${freezeRows + 1}`;
    const active = freezeRows > 0 && freezeCols > 0 ? 'bottomRight' : freezeRows > 0 ? 'bottomLeft' : 'topRight';
    pane = `<pane${freezeCols ? ` xSplit="${freezeCols}"` : ''}${freezeRows ? ` ySplit="${freezeRows}"` : ''} topLeftCell="${topLeft}" activePane="${active}" state="frozen"/><selection pane="${active}" activeCell="${topLeft}" sqref="${topLeft}"/>`;
  }
  const cols = o.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w.toFixed(1)}" customWidth="1"/>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
    `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="${LOOK.lineHeight + LOOK.padding}"/>` +
    (cols ? `<cols>${cols}</cols>` : '') +
    '<sheetData>'
  );
}

function sheetTail(o: SheetOptions, rows: number): string {
  let s = '</sheetData>';
  if (o.autoFilter) s += `<autoFilter ref="A${o.autoFilter.row}:${columnLetter(o.autoFilter.lastCol)}${Math.max(rows, o.autoFilter.row)}"/>`;
  if (o.merges?.length) s += `<mergeCells count="${o.merges.length}">${o.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`;
  if (o.validations?.length) {
    s += `<dataValidations count="${o.validations.length}">`;
    for (const v of o.validations) {
      const col = columnLetter(v.col);
      s += `<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="${col}${v.fromRow}:${col}${MAX_ROWS}"><formula1>"${xmlEscape(v.values.join(','))}"</formula1></dataValidation>`;
    }
    s += '</dataValidations>';
  }
  const m = LOOK.margins;
  s += `<printOptions horizontalCentered="1"/><pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>`;
  s += `<pageSetup paperSize="${LOOK.paperSize}" orientation="${o.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>`;
  s += `<headerFooter><oddFooter>${xmlEscape(LOOK.footer)}</oddFooter></headerFooter>`;
  return `${s}</worksheet>`;
}

/** The XML of one row: `r` is the sheet row number; empty cells keep their style (borders). */
export function rowXml(r: number, cells: readonly Cell[], height?: number): string {
  let s = `<row r="${r}"${height ? ` ht="${height}" customHeight="1"` : ''}>`;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (!c) continue;
    const ref = `${columnLetter(i)}${r}`;
    const style = c.s ? ` s="${c.s}"` : '';
    const v = c.v;
    if (v === null || v === undefined || v === '') {
      if (c.s) s += `<c r="${ref}"${style}/>`;
    } else if (typeof v === 'number') {
      s += Number.isFinite(v) ? `<c r="${ref}"${style}><v>${v}</v></c>` : `<c r="${ref}"${style} t="inlineStr"><is><t>${String(v)}</t></is></c>`;
    } else if (typeof v === 'string') {
      const text = xmlEscape(v);
      const space = /^\s|\s$|\n/.test(v) ? ' xml:space="preserve"' : '';
      s += `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${text}</t></is></c>`;
    } else {
      const serial = excelSerial(v.date);
      s += serial === undefined ? `<c r="${ref}"${style} t="inlineStr"><is><t>${xmlEscape(v.date)}</t></is></c>` : `<c r="${ref}"${style}><v>${serial}</v></c>`;
    }
  }
  return `${s}</row>`;
}

function contentTypes(n: number): string {
  const sheets = Array.from({ length: n }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    `${sheets}</Types>`
  );
}

const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>';

const APP_PROPS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>hazard-toolkit</Application></Properties>';

function coreProps(p: { title?: string; creator?: string }): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlEscape(p.title ?? '')}</dc:title><dc:creator>${xmlEscape(p.creator ?? 'hazard-toolkit')}</dc:creator></cp:coreProperties>`
  );
}

function workbookXml(sheets: SheetEntry[]): string {
  const names: string[] = [];
  sheets.forEach((s, i) => {
    const quoted = `'${s.name.replace(/'/g, "''")}'`;
    if (s.filter) names.push(`<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${xmlEscape(s.filter)}</definedName>`);
    if (s.printArea) names.push(`<definedName name="_xlnm.Print_Area" localSheetId="${i}">${xmlEscape(`${quoted}!${s.printArea}`)}</definedName>`);
    const titles = [s.printTitleCols, s.printTitleRows].filter((t) => t !== undefined).map((t) => `${quoted}!${t}`);
    if (titles.length) names.push(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlEscape(titles.join(','))}</definedName>`);
  });
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<bookViews><workbookView/></bookViews><sheets>' +
    sheets.map((s, i) => `<sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`).join('') +
    '</sheets>' +
    (names.length ? `<definedNames>${names.join('')}</definedNames>` : '') +
    '</workbook>'
  );
}

function workbookRels(n: number): string {
  const rels = Array.from({ length: n }, (_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  rels.push(`<Relationship Id="rId${n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`;
}

const BORDER = 'applyBorder="1" borderId="1"';
// Fonts: 0 normal, 1 bold, 2 title. Fills: 0 none, 1 gray125 (required), 2 header gray, 3 alert red.
const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts>' +
  `<fonts count="3"><font><sz val="${LOOK.size}"/><name val="${LOOK.font}"/><family val="2"/><charset val="134"/></font>` +
  `<font><b/><sz val="${LOOK.size}"/><name val="${LOOK.font}"/><family val="2"/><charset val="134"/></font>` +
  `<font><b/><sz val="${LOOK.titleSize}"/><name val="${LOOK.font}"/><family val="2"/><charset val="134"/></font></fonts>` +
  '<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/><bgColor indexed="64"/></patternFill></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
  '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="15">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>' +
  `<xf numFmtId="0" fontId="1" fillId="2" ${BORDER} xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>` +
  `<xf numFmtId="0" fontId="0" fillId="0" ${BORDER} xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>` +
  `<xf numFmtId="0" fontId="0" fillId="0" ${BORDER} xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
  `<xf numFmtId="164" fontId="0" fillId="0" ${BORDER} xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>` +
  `<xf numFmtId="0" fontId="0" fillId="0" ${BORDER} xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>` +
  `<xf numFmtId="0" fontId="0" fillId="3" ${BORDER} xfId="0" applyFill="1" applyAlignment="1"><alignment vertical="top"/></xf>` +
  `<xf numFmtId="0" fontId="0" fillId="3" ${BORDER} xfId="0" applyFill="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
  `<xf numFmtId="164" fontId="0" fillId="3" ${BORDER} xfId="0" applyNumberFormat="1" applyFill="1" applyAlignment="1"><alignment vertical="top"/></xf>` +
  `<xf numFmtId="0" fontId="0" fillId="3" ${BORDER} xfId="0" applyFill="1" applyAlignment="1"><alignment vertical="top"/></xf>` +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  `<xf numFmtId="165" fontId="0" fillId="0" ${BORDER} xfId="0" applyNumberFormat="1"/>` +
  `<xf numFmtId="0" fontId="1" fillId="0" ${BORDER} xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>` +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '</cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>';
