import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../../diagnostic.js';
import { CriteriaError } from '../../errors.js';
import { FIELD_IDS, type FieldId } from '../../domain/finding-record.js';
import { parseYaml, positionOf } from '../../yaml/parse-yaml.js';
import { normaliseHeader, type ColumnMapping } from './header-detect.js';

/** A per-client column mapping (`--mapping client.yaml`), overriding header detection. */
export interface SheetMapping {
  headerRow?: number;
  headerRows?: 1 | 2;
  /** Header text or column letter → field id, or "ignore". */
  columns: Record<string, FieldId | 'ignore'>;
}

export interface MappingFile {
  file: string;
  /** By sheet name, or "*" for every sheet. */
  sheets: Record<string, SheetMapping>;
}

const FIELDS = new Set<string>(FIELD_IDS);

/** Read and check a mapping file; unknown keys or field ids are errors with file:line:col (exit 2). */
export async function loadMappingFile(path: string): Promise<MappingFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new CriteriaError(`列映射文件不存在或无法读取：${path}`);
  }
  const parsed = parseYaml(path, bytes);
  const src = parsed.source;
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const err = (p: (string | number)[], message: string, key?: string): void => {
    const pos = src ? positionOf(src, p, key) : { line: 1, col: 1 };
    diagnostics.push({ code: 'mapping-invalid', severity: 'error', message, location: { file: path, ...pos } });
  };
  const sheets: Record<string, SheetMapping> = {};
  const root = src?.value;
  if (src && (typeof root !== 'object' || root === null || Array.isArray(root))) err([], '列映射文件应为映射（sheets: …）');
  else if (src && typeof root === 'object' && root !== null) {
    for (const key of Object.keys(root)) if (key !== 'sheets') err([], `未知字段 "${key}"（只允许 sheets）`, key);
    const sheetsValue: unknown = 'sheets' in root ? root.sheets : undefined;
    if (typeof sheetsValue !== 'object' || sheetsValue === null) err([], '缺少 sheets');
    else {
      for (const [name, v] of Object.entries(sheetsValue)) {
        if (typeof v !== 'object' || v === null) {
          err(['sheets', name], `工作表 "${name}" 的映射应为映射`);
          continue;
        }
        const m: SheetMapping = { columns: {} };
        for (const [k, val] of Object.entries(v)) {
          if (k === 'headerRow' && typeof val === 'number' && Number.isInteger(val) && val > 0) m.headerRow = val;
          else if (k === 'headerRows' && (val === 1 || val === 2)) m.headerRows = val;
          else if (k === 'columns' && typeof val === 'object' && val !== null) {
            for (const [col, field] of Object.entries(val)) {
              if (field === 'ignore' || (typeof field === 'string' && FIELDS.has(field))) m.columns[col] = field === 'ignore' ? 'ignore' : toField(field);
              else err(['sheets', name, 'columns', col], `未知字段 id "${String(field)}"（可用：${FIELD_IDS.join(' ')} 或 ignore）`);
            }
          } else err(['sheets', name], `未知或无效的设置 "${k}"（可用：headerRow、headerRows、columns）`, k);
        }
        conflicts(m, (col, message) => err(['sheets', name, 'columns'], message, col));
        sheets[name] = m;
      }
    }
  }
  if (diagnostics.length) throw new CriteriaError(diagnostics.map((d) => `${d.location.file}:${d.location.line}:${d.location.col}  ${d.message}`).join('\n'), diagnostics);
  return { file: path, sheets };
}

/**
 * A mapping must say one thing per column and per field: one field from two columns, or two spellings of one
 * column (“c” and “C”, “隐患描述” and “隐 患 描 述”) given different fields, would be decided by key order.
 */
function conflicts(m: SheetMapping, err: (col: string, message: string) => void): void {
  const byField = new Map<FieldId, string>();
  const byColumn = new Map<string, { key: string; field: FieldId | 'ignore' }>();
  for (const [col, field] of Object.entries(m.columns)) {
    const norm = /^[A-Za-z]{1,3}$/.test(col) ? col.toUpperCase() : normaliseHeader(col).full;
    const same = byColumn.get(norm);
    if (same && same.field !== field) err(col, `列 "${col}" 与 "${same.key}" 是同一列，却分别映射为 ${field} 和 ${same.field}`);
    byColumn.set(norm, { key: col, field });
    if (field === 'ignore') continue;
    const other = byField.get(field);
    if (other !== undefined && !(same && same.field === field)) err(col, `字段 ${field} 同时映射到列 "${other}" 和 "${col}"：一个字段只能来自一列`);
    byField.set(field, col);
  }
}

function toField(v: string): FieldId {
  const f = FIELD_IDS.find((x) => x === v);
  if (!f) throw new Error(`unknown field ${v}`);
  return f;
}

/** The mapping for a sheet: its own entry, else "*". */
export function mappingFor(file: MappingFile | undefined, sheet: string): SheetMapping | undefined {
  return file?.sheets[sheet] ?? file?.sheets['*'];
}

/** Apply overrides (by header text or column letter) on detected columns. */
export function applyMapping(cols: ColumnMapping[], m: SheetMapping | undefined): ColumnMapping[] {
  if (!m) return cols;
  for (const c of cols) {
    const o = m.columns[c.column] ?? m.columns[c.header];
    if (o === undefined) continue;
    if (o === 'ignore') {
      delete c.field;
      c.score = 0;
      c.reason = '映射文件指定忽略';
    } else {
      for (const other of cols) if (other !== c && other.field === o) delete other.field;
      c.field = o;
      c.score = 4;
      c.reason = '映射文件指定';
    }
  }
  return cols;
}

/** The detected mapping as a mapping file a consultant can save and edit (`--show-mapping`). */
export function mappingToYaml(sheets: readonly { name: string; headerRow?: number; headerRows?: number; columns: readonly { column: string; header: string; field?: string }[] }[]): string {
  const q = (s: string) => JSON.stringify(s);
  const out = ['# hazard 列映射文件：--mapping 本文件 覆盖自动识别。值为字段 id 或 ignore。', 'sheets:'];
  for (const s of sheets) {
    out.push(`  ${q(s.name)}:`);
    if (s.headerRow !== undefined) out.push(`    headerRow: ${s.headerRow}`);
    if (s.headerRows !== undefined) out.push(`    headerRows: ${s.headerRows}`);
    out.push('    columns:');
    for (const c of s.columns) if (c.header) out.push(`      ${q(c.header)}: ${c.field ?? 'ignore'}`);
  }
  return `${out.join('\n')}\n`;
}
