import type { FieldId } from '../../domain/finding-record.js';
import type { RawCell, RawRow } from '../workbook/raw.js';
import { isExcelDate } from '../workbook/raw.js';
import { columnLetters } from '../workbook/cell-ref.js';
import { HEADER_SYNONYMS, LEVEL_BOOLEAN_HEADERS } from './header-synonyms.js';

export interface ColumnMapping {
  /** Column letter. */
  column: string;
  index: number;
  /** Header text as written (two-row headers joined "parent/child"). */
  header: string;
  field?: FieldId;
  /** 3 exact synonym, 2 exact without brackets, 1 contains a keyword, 4 from a mapping file. */
  score: number;
  reason: string;
  /** Unit pulled from the header, e.g. 万元. */
  unit?: string;
  /** The level comes as a yes/no column (是否重大隐患). */
  levelBoolean?: boolean;
}

export interface HeaderDetection {
  /** Excel row number of the (last) header row. */
  headerRow: number;
  headerRows: 1 | 2;
  columns: ColumnMapping[];
}

interface Normalised {
  full: string;
  bare: string;
  unit?: string;
}

/** NFKC, no whitespace, no * ※ ★, no trailing colon; bracket content kept in `full`, dropped in `bare`. */
export function normaliseHeader(text: string): Normalised {
  const full = text.normalize('NFKC').replace(/\s+/g, '').replace(/[*※★☆]/g, '').replace(/[:：]$/, '').toLowerCase();
  const unit = /\((万元|元|千元|人|天|日|%)\)/.exec(full)?.[1];
  const bare = full.replace(/\([^)]*\)/g, '');
  return { full, bare, ...(unit ? { unit } : {}) };
}

const EXACT = new Map<string, FieldId>();
const KEYWORDS: { word: string; field: FieldId }[] = [];
for (const [field, list] of Object.entries(HEADER_SYNONYMS) as [FieldId, readonly string[]][]) {
  for (const syn of list) {
    const n = normaliseHeader(syn).full;
    if (!EXACT.has(n)) EXACT.set(n, field);
    if ([...n].length >= 2) KEYWORDS.push({ word: n, field });
  }
}
// Longer keywords first: 整改完成日期 must win over 整改 or 日期-like fragments.
KEYWORDS.sort((a, b) => b.word.length - a.word.length);
const LEVEL_BOOL = new Set(LEVEL_BOOLEAN_HEADERS.map((h) => normaliseHeader(h).full));
// Columns `hazard ledger` derives: reading a ledger back must not take them for input fields.
const DERIVED = new Set(
  ['判定结果', '判定依据（标准条款）', '定级核对', '是否逾期', '逾期天数', '是否按期', '五落实完整性', '存量/增量', '本月标记', '数据问题', '来源文件', '来源行'].map(
    (h) => normaliseHeader(h).full,
  ),
);

/** The field a header names, with a score and a Chinese reason. */
export function matchHeader(text: string): Omit<ColumnMapping, 'column' | 'index' | 'header'> {
  // Header detection tries every cell of the first rows of every sheet; a batch of client workbooks repeats the
  // same texts thousands of times, so each distinct text is matched once.
  const cached = MATCH_CACHE.get(text);
  if (cached) return { ...cached };
  const result = matchHeaderUncached(text);
  if (MATCH_CACHE.size < 50_000) MATCH_CACHE.set(text, result);
  return { ...result };
}
const MATCH_CACHE = new Map<string, Omit<ColumnMapping, 'column' | 'index' | 'header'>>();

function matchHeaderUncached(text: string): Omit<ColumnMapping, 'column' | 'index' | 'header'> {
  const n = normaliseHeader(text);
  if (n.full === '') return { score: 0, reason: '空表头' };
  const unit = n.unit ? { unit: n.unit } : {};
  if (DERIVED.has(n.full)) return { score: 0, reason: '台账派生列（不作为输入字段）' };
  if (/\(原文\)$/.test(n.full)) return { score: 0, reason: '台账原文列（不作为输入字段）' };
  if (LEVEL_BOOL.has(n.full) || LEVEL_BOOL.has(n.bare)) return { field: 'level', score: 3, reason: `是/否列“${text.trim()}”表示隐患等级`, levelBoolean: true };
  const exact = EXACT.get(n.full);
  if (exact) return { field: exact, score: 3, reason: `精确匹配同义词“${n.full}”`, ...unit };
  const bare = EXACT.get(n.bare);
  if (bare) return { field: bare, score: 2, reason: `去掉括号后匹配同义词“${n.bare}”`, ...unit };
  // Long cells are data or notes, not headers: only exact matches count there.
  if ([...n.bare].length > 24) return { score: 0, reason: '未识别' };
  for (const k of KEYWORDS) {
    if (n.bare.includes(k.word)) return { field: k.field, score: 1, reason: `包含关键词“${k.word}”`, ...unit };
  }
  return { score: 0, reason: '未识别' };
}

function cellText(c: RawCell | undefined): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'string') return c.trim();
  if (typeof c === 'number' || typeof c === 'boolean') return String(c);
  if (isExcelDate(c)) return String(c.serial);
  return '';
}

/** Map the columns of one header (single row, or parent/child rows with the parent forward-filled over merges). */
export function mapColumns(parent: readonly RawCell[] | undefined, child: readonly RawCell[]): ColumnMapping[] {
  const width = Math.max(child.length, parent?.length ?? 0);
  const cols: ColumnMapping[] = [];
  let lastParent = '';
  for (let i = 0; i < width; i++) {
    const c = cellText(child[i]);
    let p = parent ? cellText(parent[i]) : '';
    // A merged parent cell stores its text in the first column only: carry it right while children continue.
    if (parent) {
      if (p === '' && c !== '') p = lastParent;
      else lastParent = p;
    }
    const header = p && c && p !== c ? `${p}/${c}` : c || p;
    let m = c ? matchHeader(c) : { score: 0, reason: '空表头' };
    if (p && c && p !== c) {
      const combined = matchHeader(`${p}${c}`);
      if (combined.score > m.score) m = combined;
    }
    if (m.score === 0 && p) m = matchHeader(p);
    cols.push({ column: columnLetters(i), index: i, header, ...m });
  }
  return resolveConflicts(cols);
}

/**
 * Two columns claiming one field: the better match keeps it (an exact 隐患等级 beats 隐患等级（原文）), the other
 * is kept as an unmapped column, never dropped. 责任单位 means the enterprise unless another column names it.
 */
export function resolveConflicts(cols: ColumnMapping[]): ColumnMapping[] {
  const hasOrg = cols.some((c) => c.field === 'org_name' && normaliseHeader(c.header).bare !== '责任单位');
  for (const c of cols) {
    if (normaliseHeader(c.header).bare === '责任单位') c.field = hasOrg ? 'owner_unit' : 'org_name';
  }
  const best = new Map<FieldId, ColumnMapping>();
  for (const c of cols) {
    if (!c.field) continue;
    const prev = best.get(c.field);
    if (!prev || c.score > prev.score) best.set(c.field, c);
  }
  for (const c of cols) {
    if (c.field && best.get(c.field) !== c) {
      const winner = best.get(c.field);
      c.reason = `与 ${winner?.column ?? ''} 列（${winner?.header ?? ''}）同为 ${c.field}，以后者为准`;
      delete c.field;
      c.score = 0;
    }
  }
  return cols;
}

function scoreOf(cols: readonly ColumnMapping[]): number {
  let s = 0;
  const seen = new Set<FieldId>();
  for (const c of cols) {
    if (!c.field || seen.has(c.field) || c.field === 'seq') continue;
    seen.add(c.field);
    s += c.score >= 2 ? 1 : 0.5;
  }
  const has = (f: FieldId) => seen.has(f);
  // A finding sheet must describe findings; a checklist must have results.
  if (!has('description') && !has('check_result')) return 0;
  return s;
}

/** A parent header row holds short group labels, not "填报单位：…" notes or a title. */
function isGroupRow(cells: readonly RawCell[]): boolean {
  const texts = cells.map(cellText).filter((t) => t !== '');
  return texts.length > 0 && texts.every((t) => [...t].length <= 16 && !/[:：]/.test(t));
}

/** Pick the header among the first rows: the single row or adjacent pair with most synonym hits. */
export function detectHeader(rows: readonly RawRow[]): HeaderDetection | undefined {
  let best: { score: number; det: HeaderDetection } | undefined;
  const limit = Math.min(rows.length, 15);
  for (let i = 0; i < limit; i++) {
    const row = rows[i];
    if (!row) continue;
    const single = mapColumns(undefined, row.cells);
    const s1 = scoreOf(single);
    if (s1 >= 2 && (!best || s1 > best.score)) best = { score: s1, det: { headerRow: row.row, headerRows: 1, columns: single } };
    const next = rows[i + 1];
    if (next && next.row === row.row + 1 && isGroupRow(row.cells)) {
      const pair = mapColumns(row.cells, next.cells);
      const s2 = scoreOf(pair);
      // The pair must add fields that neither row has alone: else the first row is a title (or a note) above a
      // complete header, or the second row is data.
      const sNext = scoreOf(mapColumns(undefined, next.cells));
      if (s2 > Math.max(s1, sNext) + 0.5 && s2 >= 2 && (!best || s2 > best.score)) best = { score: s2, det: { headerRow: next.row, headerRows: 2, columns: pair } };
    }
  }
  return best?.det;
}
