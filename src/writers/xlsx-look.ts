/**
 * The one printed look of every workbook the tool writes (ledger, checklist, report): font, paper, margins, and
 * the row-height estimate for wrapped text. Excel and LibreOffice do not grow a row to fit wrapped text that a
 * program wrote, so the writer sets the height itself.
 */
export const LOOK = {
  font: '宋体',
  /** Body font size in points. */
  size: 10,
  titleSize: 16,
  /** OOXML paperSize 9 = A4. */
  paperSize: 9,
  /** Inches, as OOXML pageMargins takes them. */
  margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  /** Points per line of body text, and the padding of a wrapped cell. */
  lineHeight: 13.5,
  padding: 4,
  /** Page-number footer (OOXML header/footer codes). */
  footer: '&C第 &P 页，共 &N 页',
} as const;

/** Excel's largest row height in points. */
const MAX_ROW_HEIGHT = 409;

/** Display width of text in column-width units: a CJK or full-width character counts 2, others 1. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    w += cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x20000) ? 2 : 1;
  }
  return w;
}

/** Lines `text` takes in a wrapped cell `width` characters wide (explicit line breaks count). */
export function wrappedLines(text: string, width: number): number {
  // A column of width w holds about w-1 units of text: the cell's own padding takes the rest.
  const room = Math.max(2, width - 1);
  let lines = 0;
  for (const part of text.split('\n')) lines += Math.max(1, Math.ceil(textWidth(part) / room));
  return lines;
}

/** Row height in points for the tallest of the wrapped cells given; undefined when one line is enough. */
export function rowHeightFor(cells: readonly { text: string; width: number }[], minLines = 1): number | undefined {
  let lines = minLines;
  for (const c of cells) if (c.text) lines = Math.max(lines, wrappedLines(c.text, c.width));
  if (lines <= 1) return undefined;
  return Math.min(MAX_ROW_HEIGHT, Math.round((lines * LOOK.lineHeight + LOOK.padding) * 4) / 4);
}
