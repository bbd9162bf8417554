/** Built-in number formats that display dates or times (ECMA-376 §18.8.30, plus the CJK ids 27–36, 50–58). */
const BUILT_IN_DATE_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22,
  27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
  45, 46, 47,
  50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/**
 * True when a cell with this number format shows a date/time: a built-in date id, or a format code
 * with y/m/d/h/s outside quoted literals, `[...]` blocks (colours, locales) and escaped characters.
 */
export function isDateFormat(numFmtId: number, formatCode: string | undefined): boolean {
  if (formatCode === undefined) return BUILT_IN_DATE_IDS.has(numFmtId);
  return hasDateTokens(formatCode);
}

function hasDateTokens(code: string): boolean {
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '"') {
      const end = code.indexOf('"', i + 1);
      if (end < 0) return false;
      i = end;
    } else if (c === '[') {
      const end = code.indexOf(']', i + 1);
      if (end < 0) return false;
      // Elapsed-time blocks [h], [mm], [ss] are durations shown as times.
      if (/^\[(h+|m+|s+)\]$/i.test(code.slice(i, end + 1))) return true;
      i = end;
    } else if (c === '\\' || c === '_' || c === '*') {
      i++;
    } else if (c !== undefined && 'yYmMdDhHsS'.includes(c)) {
      return true;
    }
  }
  return false;
}
