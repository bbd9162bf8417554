import type { Deadline, Level, SourceBucket, State } from '../../domain/finding-record.js';
import type { RawCell } from '../workbook/raw.js';
import { isExcelDate } from '../workbook/raw.js';
import { classifyDeadlineText, resolveRelative } from '../../dates/deadline.js';
import { parseChineseNumber } from '../../text/numerals.js';

const DAY_MS = 86_400_000;

/** Excel serial → ISO day. 1900 system: serial 60 is the phantom 1900-02-29 (Lotus bug); 1904 system: day 0 is 1904-01-01. */
export function serialToIso(serial: number, date1904: boolean): string | undefined {
  if (serialProblem(serial, date1904) !== undefined) return undefined;
  const day = Math.floor(serial + 1e-9);
  let ms: number;
  if (date1904) ms = Date.UTC(1904, 0, 1) + day * DAY_MS;
  else if (day < 60) ms = Date.UTC(1899, 11, 31) + day * DAY_MS;
  else ms = Date.UTC(1899, 11, 30) + day * DAY_MS;
  // Dates repeat across a ledger: formatting each distinct day once saves a Date + toISOString per cell.
  const cacheKey = date1904 ? -day : day;
  let iso = SERIAL_CACHE.get(cacheKey);
  if (iso === undefined) {
    iso = new Date(ms).toISOString().slice(0, 10);
    if (SERIAL_CACHE.size < 100_000) SERIAL_CACHE.set(cacheKey, iso);
  }
  return iso;
}
const SERIAL_CACHE = new Map<number, string>();

/** 9999-12-31, the last day Excel can show, in each date system. */
const LAST_SERIAL = { 1900: 2_958_465, 1904: 2_957_003 } as const;

/**
 * Why a serial names no real day, or undefined when it does. Serial 60 of the 1900 system is 1900-02-29, a day
 * that never was (Lotus's leap-year bug): it is reported, never moved to a neighbouring day.
 */
export function serialProblem(serial: number, date1904: boolean): string | undefined {
  if (!Number.isFinite(serial) || serial < (date1904 ? 0 : 1)) return '日期序列号无效';
  if (serial >= (date1904 ? LAST_SERIAL[1904] : LAST_SERIAL[1900]) + 1) return `日期序列号 ${serial} 超出 Excel 可表示的范围（最晚 9999-12-31）`;
  if (!date1904 && Math.floor(serial + 1e-9) === 60) return '日期序列号 60 是 Excel 中并不存在的 1900-02-29';
  return undefined;
}

function iso(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1) return undefined;
  return t.toISOString().slice(0, 10);
}

export interface ParsedDate {
  date?: string;
  /** Why the value was adjusted or could not be read (Chinese), for a warning. */
  note?: string;
  ok: boolean;
}

/** Serial numbers are dates only in a plausible window (2000–2099) when they sit in a date column. */
const SERIAL_MIN = 36526;
const SERIAL_MAX = 73051;

/**
 * A date cell in any of the forms ledgers use: Excel date cells and serials, 2024-03-05, 2024/3/5, 2024.3.5,
 * 2024年3月5日(号), 20240305, 24.3.5, with times, full-width digits; 3月5日 takes `yearHint`;
 * 2024年3月 becomes the first (role start) or last (role end) day of the month.
 */
export function parseDateCell(cell: RawCell, options: { date1904?: boolean; yearHint?: number; role?: 'start' | 'end' } = {}): ParsedDate {
  if (cell === null || cell === undefined) return { ok: true };
  if (isExcelDate(cell)) {
    const d = serialToIso(cell.serial, cell.date1904);
    return d ? { date: d, ok: true } : { ok: false, note: serialProblem(cell.serial, cell.date1904) ?? '日期序列号无效' };
  }
  if (typeof cell === 'number') {
    if (cell >= SERIAL_MIN && cell <= SERIAL_MAX) return { date: serialToIso(cell, options.date1904 ?? false), ok: true };
    if (cell >= 19000101 && cell <= 21001231) return parseDateText(String(cell), options);
    return { ok: false, note: '数字不是有效日期' };
  }
  if (typeof cell === 'boolean') return { ok: false, note: '不是日期' };
  return parseDateText(cell, options);
}

export function parseDateText(text: string, options: { yearHint?: number; role?: 'start' | 'end' } = {}): ParsedDate {
  const t = cleanDateText(text);
  if (t === '' || /^[-—/\\无空]+$/.test(t)) return { ok: true };
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:\s*\d{1,2}[:：]\d{1,2}(?:[:：]\d{1,2}(?:\.\d+)?)?)?$/.exec(t);
  if (m) return result(iso(Number(m[1]), Number(m[2]), Number(m[3])));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return result(iso(Number(m[1]), Number(m[2]), Number(m[3])));
  // A CSV exported from a workbook whose date cells lost their format carries the serial as text (45480).
  m = /^(\d{5})(?:\.\d+)?$/.exec(t);
  if (m && Number(m[1]) >= SERIAL_MIN && Number(m[1]) <= SERIAL_MAX) {
    const d = serialToIso(Number(m[1]), false);
    return d ? { date: d, ok: true, note: `“${t}”按 Excel 日期序列号理解为 ${d}` } : { ok: false, note: '日期序列号无效' };
  }
  m = /^(\d{4})-(\d{2})-(\d{2})T/.exec(t);
  if (m) return result(iso(Number(m[1]), Number(m[2]), Number(m[3])));
  m = /^(\d{2})[./-](\d{1,2})[./-](\d{1,2})$/.exec(t);
  if (m) {
    const d = iso(2000 + Number(m[1]), Number(m[2]), Number(m[3]));
    return d ? { date: d, ok: true, note: `两位年份按 20${m[1]} 年理解` } : { ok: false, note: '无法识别的日期' };
  }
  m = /^(\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(t);
  if (m) {
    const d = iso(2000 + Number(m[1]), Number(m[2]), Number(m[3]));
    return d ? { date: d, ok: true, note: `两位年份按 20${m[1]} 年理解` } : { ok: false, note: '无法识别的日期' };
  }
  // 年底 / 年末 / X月底: common deadline wording; the last day of that year or month.
  // 年 or 月 right before 底/末 is required: a bare 底 or 末 is not a date.
  m = /^(?:(\d{4})\s*年\s*|年(?=底|末))?(?:(\d{1,2})\s*月)?(?<=[年月])\s*(?:底|末)$/.exec(t);
  if (m) {
    const y = m[1] !== undefined ? Number(m[1]) : options.yearHint;
    const mo = m[2] !== undefined ? Number(m[2]) : 12;
    if (y !== undefined && mo >= 1 && mo <= 12) {
      const d = iso(y, mo, new Date(Date.UTC(y, mo, 0)).getUTCDate());
      if (d) return { date: d, ok: true, note: `“${t}”按 ${d} 理解` };
    }
  }
  // 上旬/中旬/下旬: the first day of the ten-day period, or its last day for a deadline.
  m = /^(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*月?\s*(上|中|下)旬$/.exec(t);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    const [from, to] = m[3] === '上' ? [1, 10] : m[3] === '中' ? [11, 20] : [21, last];
    const d = iso(y, mo, options.role === 'end' ? to : from);
    return d ? { date: d, ok: true, note: `“${m[3]}旬”按${options.role === 'end' ? '该旬最后一天' : '该旬第一天'}（${d}）理解` } : { ok: false, note: '无法识别的日期' };
  }
  m = /^(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*月?$/.exec(t);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    const d = iso(y, mo, options.role === 'end' ? last : 1);
    return d ? { date: d, ok: true, note: `只写到月份，按${options.role === 'end' ? '月末' : '月初'}（${d}）理解` } : { ok: false, note: '无法识别的日期' };
  }
  m = /^(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*[日号]?$/.exec(t);
  if (m && options.yearHint) {
    const d = iso(options.yearHint, Number(m[1]), Number(m[2]));
    return d ? { date: d, ok: true, note: `未写年份，按 ${options.yearHint} 年理解` } : { ok: false, note: '无法识别的日期' };
  }
  return { ok: false, note: '无法识别的日期' };
}

const CN_DIGIT: Record<string, string> = { 〇: '0', 零: '0', O: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/**
 * Normalise what surrounds a date in real cells: NFKC (full-width digits), dash variants, a trailing period,
 * 上午/下午, 前/之前/止 of a deadline ("2024年3月5日前"), and dates written in Chinese numerals (二〇二四年三月五日).
 */
function cleanDateText(text: string): string {
  let t = text.normalize('NFKC').trim().replace(/\s+/g, ' ');
  t = t.replace(/[–—－‐‑]/g, '-').replace(/\s*(上午|下午|中午|晚上|早上)$/, '').replace(/(?<=[\d日号月底末旬])(之前|以前|为止|前|止)$/, '').replace(/[.。]$/, '').trim();
  const cn = /^([〇零O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})[日号])?$/.exec(t);
  if (cn) {
    const year = [...(cn[1] ?? '')].map((c) => CN_DIGIT[c] ?? '').join('');
    const month = parseChineseNumber(cn[2] ?? '');
    const day = cn[3] !== undefined ? parseChineseNumber(cn[3]) : undefined;
    if (month !== undefined && Number.isInteger(month)) t = day !== undefined && Number.isInteger(day) ? `${year}年${month}月${day}日` : `${year}年${month}月`;
  }
  return t;
}

function result(d: string | undefined): ParsedDate {
  return d ? { date: d, ok: true } : { ok: false, note: '日期不存在（月或日越界）' };
}

/** 整改期限: an absolute date, a deadline relative to the found date (立即, 7天, 1个月内, 限期30日), or none (长期/待定). */
export function parseDeadline(cell: RawCell, found: string | undefined, date1904 = false): Deadline & { note?: string } {
  if (cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '')) return { kind: 'none' };
  if (typeof cell !== 'string') {
    const d = parseDateCell(cell, { date1904, role: 'end' });
    return d.date ? { kind: 'date', date: d.date } : { kind: 'unparsed', ...(d.note ? { note: d.note } : {}) };
  }
  const t = cell.normalize('NFKC').replace(/\s+/g, '');
  const c = classifyDeadlineText(t);
  if (c?.kind === 'none') return { kind: 'none' };
  if (c?.kind === 'immediate') return found ? { kind: 'immediate', date: found } : { kind: 'immediate' };
  if (c?.kind === 'invalid-number') return { kind: 'unparsed', note: '无法识别的期限' };
  if (c?.kind === 'relative') {
    if (!found) return { kind: 'relative', note: '相对期限缺少发现日期，无法推算' };
    return { kind: 'relative', date: resolveRelative(c, found), ...(c.unit === 'workday' ? { note: '工作日按自然日推算' } : {}) };
  }
  const d = parseDateText(t, { role: 'end', ...(found ? { yearHint: Number(found.slice(0, 4)) } : {}) });
  if (d.date) return { kind: 'date', date: d.date, ...(d.note ? { note: d.note } : {}) };
  return { kind: 'unparsed', note: d.note ?? '无法识别的期限' };
}

/** 隐患等级 text → level (+ sublevel for 较大/重点/一级/A…). 重大 is checked first (重大隐患（挂牌）). */
export function parseLevel(text: string, boolean = false): { level?: Level; sublevel?: string; note?: string } {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (t === '') return {};
  if (boolean) {
    const b = parseBoolean(t);
    return b === undefined ? { note: '无法识别的是/否' } : { level: b ? 'major' : 'general' };
  }
  if (/非重大|不是重大|一般/.test(t)) return { level: 'general', ...(t.includes('一般') ? {} : { sublevel: t }) };
  if (/重大/.test(t)) return { level: 'major' };
  if (/^(较大|重点|较重)/.test(t)) return { level: 'general', sublevel: t, note: `“${t}”不是法定的重大事故隐患，按一般隐患统计` };
  if (/^(ⅰ|i|1|一)级?$/i.test(t) || /^[一二三]级/.test(t)) return { sublevel: t, note: `分级“${t}”无法对应一般/重大` };
  if (/^[a-d]$/i.test(t)) return { sublevel: t, note: `分级“${t}”无法对应一般/重大（需自定义映射）` };
  if (/^(低|中|高)/.test(t)) return { sublevel: t, note: `分级“${t}”无法对应一般/重大` };
  return { note: `无法识别的隐患等级“${t}”` };
}

/** 整改情况 as ledgers write it → canonical state. */
export function parseStatus(text: string): { state?: State; overdueAsserted?: boolean; note?: string } {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (t === '') return {};
  if (/验收不通过|审核不通过|审批驳回|复查不合格|不合格|驳回|退回/.test(t)) return { state: 'rejected' };
  if (/销号|核销|销案|摘牌|闭环|关闭|办结/.test(t)) return { state: 'closed' };
  if (/已验收|验收通过|审核通过|复查合格|已复查|验收合格/.test(t)) return { state: 'accepted' };
  if (/草稿|待审批|审核中/.test(t)) return { state: 'draft' };
  if (/超期未|逾期未|到期未|未整改|待整改|未完成|待处理|整改前|挂账|未处理|未$|^否$|^未|上报未|责令/.test(t)) return { state: 'open', ...(/超期|逾期|到期/.test(t) ? { overdueAsserted: true } : {}) };
  if (/^(逾期|已超期|超期)$/.test(t)) return { state: 'open', overdueAsserted: true };
  if (/整改中|治理中|正在|处理中|限期整改|进行中|整改期内/.test(t)) return { state: 'in-progress' };
  if (/已整改|已完成|^完成|已治理|^已$|^是$|待验收|待审核|已处理|整改完毕|完毕|超期已整改|已落实|整改完成|完成整改|立行立改|即查即改|当场整改|现场已整改|已改正|已消除/.test(t)) return { state: 'rectified' };
  return { note: `无法识别的整改情况“${t}”` };
}

/** 发现方式 → 企业自查 / 部门检查 / 群众举报 (the 自查率 buckets of docs/report-model.md). */
export function parseSource(text: string): SourceBucket | undefined {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (t === '') return undefined;
  if (/举报|12350|12345|吹哨|投诉/.test(t)) return 'report';
  if (/部门|执法|监管|监督|政府|督导|督查|暗访|巡查|上级|联合|专家检查|应急局|住建|检查组|乡镇|街道/.test(t)) return 'government';
  if (/自查|企业|日常|综合性|专业性|季节性|节假日|复产|类比|随手拍|计划|专项|岗位|班组|车间|诊断|内部|自检|巡检/.test(t)) return 'self';
  return 'other';
}

export function parseBoolean(text: string): boolean | undefined {
  const t = text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  if (/^(是|有|已|y|yes|1|√|✓|✔|true|挂牌|已挂牌|需要)$/.test(t)) return true;
  if (/^(否|无|未|n|no|0|×|✗|false|不|未挂牌|不需要|-|—|\/)$/.test(t)) return false;
  return undefined;
}

/** Money in 元, using the header unit (万元 ×10000). */
export function parseMoney(cell: RawCell, unit: string | undefined): { value?: number; note?: string } {
  if (cell === null || cell === undefined) return {};
  const factor = unit === '万元' ? 10_000 : unit === '千元' ? 1000 : 1;
  if (typeof cell === 'number') return { value: round(cell * factor) };
  if (typeof cell !== 'string') return { note: '不是金额' };
  const t = cell.normalize('NFKC').replace(/[\s,，]/g, '');
  if (t === '' || /^(无|\/|-|—|0元?)$/.test(t)) return t.startsWith('0') ? { value: 0 } : {};
  const m = /^(\d+(?:\.\d+)?)(万元|万|元|千元)?$/.exec(t);
  if (!m?.[1]) return { note: `无法识别的金额“${cell}”` };
  const f = m[2] === '万元' || m[2] === '万' ? 10_000 : m[2] === '千元' ? 1000 : m[2] === '元' ? 1 : factor;
  return { value: round(Number(m[1]) * f) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100-2015 check character of a 统一社会信用代码. */
export function isValidUscc(code: string): boolean {
  const c = code.normalize('NFKC').toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(c)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(c.charAt(i)) * (USCC_WEIGHTS[i] ?? 0);
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET.charAt(check) === c.charAt(17);
}
