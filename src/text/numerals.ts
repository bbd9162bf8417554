/**
 * Chinese numerals, the one grammar every reader uses: 十二, 二十三, 一百零五, 一千二百, 三万, 两, 一点五, 半.
 * Arabic digits pass through. Citations (第十二条), quantities (三十吨), deadlines (十五天) and dates (三月五日) all
 * read numbers with this.
 */
const CN_VALUE: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_SCALE: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** Arabic or Chinese numerals: 12, 1.5, 十二, 三十, 一百二十, 两, 一点五; `半` alone is 0.5. */
export function parseChineseNumber(s: string): number | undefined {
  if (s === '') return undefined;
  if (/^\d/.test(s)) {
    const n = Number(s);
    return Number.isFinite(n) ? n : undefined;
  }
  if (s === '半') return 0.5;
  const [intPart, fracPart] = s.split('点');
  if (intPart === undefined) return undefined;
  let total = 0;
  let section = 0;
  let digit = 0;
  let seen = false;
  for (const ch of intPart) {
    const d = CN_VALUE[ch];
    const scale = CN_SCALE[ch];
    if (d !== undefined) {
      digit = d;
      seen = true;
    } else if (scale === 10000) {
      total += (section + digit) * scale;
      section = 0;
      digit = 0;
    } else if (scale !== undefined) {
      section += (digit === 0 && !seen ? 1 : digit) * scale;
      digit = 0;
      seen = true;
    } else return undefined;
  }
  let value = total + section + digit;
  if (fracPart) {
    let frac = '';
    for (const ch of fracPart) {
      const d = CN_VALUE[ch];
      if (d === undefined) return undefined;
      frac += String(d);
    }
    value = Number(`${value}.${frac}`);
  }
  return value;
}

/** A whole number (ordinal or count) in Arabic or Chinese numerals, or undefined. */
export function parseWholeNumber(s: string): number | undefined {
  const n = parseChineseNumber(s);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}
