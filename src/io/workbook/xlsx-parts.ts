/**
 * The small xlsx parts: package and workbook relationships, workbook.xml (sheet names, visibility,
 * date system) and styles.xml (which cell styles show dates).
 */
import { isDateFormat } from './date-format.js';
import { inputError } from './input-error.js';
import { prefixedAttribute, readPartText, startTags } from './xml.js';
import type { ZipArchive, ZipEntry } from './zip.js';

export interface XlsxSheetPart {
  name: string;
  hidden: boolean;
  /** Zip path of the worksheet part; undefined when the relationship is missing or not a worksheet. */
  path: string | undefined;
  entry: ZipEntry | undefined;
  /** What the workbook says the sheet is: a chart or dialog sheet holds no cells by design. */
  kind: 'worksheet' | 'chartsheet' | 'other';
}

export interface XlsxStructure {
  date1904: boolean;
  sheets: XlsxSheetPart[];
  sharedStrings: ZipEntry | undefined;
  styles: ZipEntry | undefined;
}

/** Finds the workbook part and reads its sheet list; throws `input-not-xlsx` for other zip files. */
export async function readXlsxStructure(zip: ZipArchive): Promise<XlsxStructure> {
  const workbookPath = (await officeDocumentPath(zip)) ?? 'xl/workbook.xml';
  const workbookEntry = zip.get(workbookPath);
  if (!workbookEntry) throw notWorkbook(zip);
  const workbookXml = await readPartText(zip, workbookEntry);
  const relations = await readRelationships(zip, workbookPath);

  let date1904 = false;
  for (const attributes of startTags(workbookXml, 'workbookPr')) {
    const value = attributes.get('date1904');
    date1904 = value === '1' || value === 'true';
  }
  const sheets: XlsxSheetPart[] = [];
  for (const attributes of startTags(workbookXml, 'sheet')) {
    const state = attributes.get('state');
    const relation = relations.get(prefixedAttribute(attributes, 'id') ?? '');
    const path = relation?.type.endsWith('/worksheet') ? relation.target : undefined;
    sheets.push({
      name: attributes.get('name') ?? `Sheet${sheets.length + 1}`,
      hidden: state === 'hidden' || state === 'veryHidden',
      path,
      entry: path === undefined ? undefined : zip.get(path),
      kind: path !== undefined || relation === undefined ? 'worksheet' : relation.type.endsWith('/chartsheet') ? 'chartsheet' : 'other',
    });
  }
  const targetOf = (suffix: string): ZipEntry | undefined => {
    for (const relation of relations.values()) {
      if (relation.type.endsWith(suffix)) return zip.get(relation.target);
    }
    return undefined;
  };
  return { date1904, sheets, sharedStrings: targetOf('/sharedStrings'), styles: targetOf('/styles') };
}

/** For each `cellXfs` index (the `s` attribute of a cell): does that style show a date? */
export function parseDateStyles(stylesXml: string): boolean[] {
  const formatCodes = new Map<number, string>();
  for (const attributes of startTags(stylesXml, 'numFmt')) {
    formatCodes.set(Number(attributes.get('numFmtId')), attributes.get('formatCode') ?? '');
  }
  const section = /<(?:[\w.-]+:)?cellXfs[\s>][\s\S]*?<\/(?:[\w.-]+:)?cellXfs>/.exec(stylesXml)?.[0] ?? '';
  const dateStyles: boolean[] = [];
  for (const attributes of startTags(section, 'xf')) {
    const id = Number(attributes.get('numFmtId') ?? '0');
    dateStyles.push(isDateFormat(id, formatCodes.get(id)));
  }
  return dateStyles;
}

interface Relationship { type: string; target: string }

async function officeDocumentPath(zip: ZipArchive): Promise<string | undefined> {
  const relations = await readRelationships(zip, '');
  for (const relation of relations.values()) {
    if (relation.type.endsWith('/officeDocument')) return relation.target;
  }
  return undefined;
}

/** The relationships of a part (`''` = the package), targets resolved to zip paths. */
async function readRelationships(zip: ZipArchive, partPath: string): Promise<Map<string, Relationship>> {
  const slash = partPath.lastIndexOf('/');
  const folder = partPath.slice(0, slash + 1);
  const entry = zip.get(`${folder}_rels/${partPath.slice(slash + 1)}.rels`);
  const relations = new Map<string, Relationship>();
  if (!entry) return relations;
  for (const attributes of startTags(await readPartText(zip, entry), 'Relationship')) {
    const target = attributes.get('Target');
    if (target === undefined || attributes.get('TargetMode') === 'External') continue;
    relations.set(attributes.get('Id') ?? '', { type: attributes.get('Type') ?? '', target: resolvePath(folder, target) });
  }
  return relations;
}

function resolvePath(folder: string, target: string): string {
  const segments = (target.startsWith('/') ? target.slice(1) : folder + target).split('/');
  const resolved: string[] = [];
  for (const segment of segments) {
    if (segment === '..') resolved.pop();
    else if (segment !== '.' && segment !== '') resolved.push(segment);
  }
  return resolved.join('/');
}

function notWorkbook(zip: ZipArchive) {
  if (zip.get('content.xml') && zip.get('mimetype')) {
    return inputError(zip.file, 'input-ods', '这是 OpenDocument 表格（.ods，LibreOffice / WPS 的开放格式），本工具不读取；请用 Excel、WPS 或 LibreOffice 打开后“另存为” .xlsx');
  }
  if (zip.get('xl/workbook.bin')) {
    return inputError(zip.file, 'input-xlsb', '这是 Excel 二进制工作簿（.xlsb），本工具不读取；请用 Excel 打开后“另存为” Excel 工作簿（.xlsx）');
  }
  if (zip.get('Index/Document.iwa') || zip.get('Index.zip') || zip.entries.some((e) => e.name.startsWith('Index/') && e.name.endsWith('.iwa'))) {
    return inputError(zip.file, 'input-numbers', '这是 Apple Numbers 表格（.numbers），本工具不读取；请在 Numbers 中用“文件 > 导出为 > Excel”导出 .xlsx');
  }
  return inputError(zip.file, 'input-not-xlsx', '压缩包中没有 Excel 工作簿（xl/workbook.xml），不是 .xlsx 文件');
}
