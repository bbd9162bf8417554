/**
 * Calendar arithmetic on ISO `YYYY-MM-DD` days (Asia/Shanghai civil days: day granularity is plain string
 * comparison). The one home for day validation, day/month arithmetic, Excel serials and 年月日 display.
 */
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/;
const MS_PER_DAY = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);

function isDigits10(v: string): boolean {
  for (let i = 0; i < 10; i++) {
    const c = v.charCodeAt(i);
    if (i === 4 || i === 7) {
      if (c !== 45) return false;
    } else if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The `YYYY-MM-DD` part of an ISO date or datetime, or undefined when it is not one. */
export function isoDay(value: string | undefined): string | undefined {
  // Fast path: the readers already hand over plain YYYY-MM-DD, called several times per row on large ledgers.
  if (value !== undefined && value.length === 10 && isDigits10(value)) return value;
  const m = value === undefined ? null : ISO_DAY.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** True for a real calendar day written `YYYY-MM-DD` (2024-02-30 is not one). */
export function isIsoDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().startsWith(value);
}

/** `2024-3-5`, `20240305`, `2024-03-05` → `2024-03-05`; undefined when it is not a real day. */
export function parseIsoDayLoose(value: string): string | undefined {
  const m = /^(\d{4})-?(\d{1,2})-?(\d{1,2})$/.exec(value.trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}`;
  return isIsoDay(iso) ? iso : undefined;
}

function toUtc(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return fromUtc(toUtc(day) + days * MS_PER_DAY);
}

/** Calendar months later, clamped to the month's last day (01-31 + 1 month = 02-28/29). */
export function addMonths(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(y, m, Math.min(Number(day.slice(8, 10)), last)));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / MS_PER_DAY);
}

/** ISO day → Excel 1900-system serial (as the xlsx writer stores dates). */
export function excelSerial(iso: string): number | undefined {
  const m = ISO_DAY.exec(iso);
  if (!m) return undefined;
  return (Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - EPOCH_1900) / MS_PER_DAY;
}

/** 2024-03-05 → 2024年3月5日, as reports and ledger titles print a day. */
export function cnDate(day: string): string {
  return `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}
