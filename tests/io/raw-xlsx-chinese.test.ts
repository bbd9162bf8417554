// A workbook large enough that its XML crosses hundreds of inflate chunks: every Chinese cell must
// come through byte-exact (exceljs' own streaming reader garbles characters split between chunks,
// exceljs#2084), and agree with exceljs' non-streaming readFile as the oracle.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkbook } from '../../src/io/workbook/open-workbook.js';
import { isExcelDate, type RawCell, type RawRow } from '../../src/io/workbook/raw.js';
import { ZipArchive } from '../../src/io/workbook/zip.js';
import { makeTempDir, readRows } from './raw-helpers.js';

const ROWS = 20_000;
const tmp = makeTempDir();
afterAll(() => tmp.remove());

function mulberry32(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// BMP ideographs (3 UTF-8 bytes), supplementary ones and emoji (4 bytes), CJK punctuation, XML specials.
const EXTRA = ['𠀀', '𪚥', '😀', '，', '。', '、', '（', '）', '&', '<', '>', '"', "'"];

function chineseRows(): { text: string[]; date: Date; amount: number }[] {
  const rand = mulberry32(7);
  const word = (min: number, max: number) => {
    let s = '';
    const length = min + Math.floor(rand() * (max - min));
    for (let i = 0; i < length; i++) {
      s += rand() < 0.08 ? (EXTRA[Math.floor(rand() * EXTRA.length)] ?? '') : String.fromCharCode(0x4e00 + Math.floor(rand() * 0x51a5));
    }
    return s;
  };
  return Array.from({ length: ROWS }, (_, i) => ({
    text: [`企业${i}`, word(15, 55), word(2, 8), `第${i}条：${word(5, 20)}`],
    date: new Date(Date.UTC(2020, 0, 1 + (i % 1500))),
    amount: Math.round(rand() * 1e6) / 100,
  }));
}

const data = chineseRows();

async function writeWorkbook(file: string, useSharedStrings: boolean): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings, useStyles: true });
  const sheet = workbook.addWorksheet('隐患台账');
  sheet.columns = [
    { header: '企业名称', key: 'a' }, { header: '隐患描述', key: 'b' }, { header: '隐患等级', key: 'c' },
    { header: '备注', key: 'd' }, { header: '发现日期', key: 'date', style: { numFmt: 'yyyy-mm-dd' } }, { header: '金额', key: 'amount' },
  ];
  for (const row of data) {
    const [a, b, c, d] = row.text;
    sheet.addRow({ a, b, c, d, date: row.date, amount: row.amount }).commit();
  }
  sheet.commit();
  await workbook.commit();
}

function serialToTime(cell: RawCell): number {
  if (!isExcelDate(cell)) throw new Error(`not a date: ${JSON.stringify(cell)}`);
  return Math.round((cell.serial - 25569) * 86_400_000);
}

describe.each([
  ['shared strings', true],
  ['inline strings', false],
])('xlsx with %s, 20k rows of Chinese text', (_label, useSharedStrings) => {
  const file = tmp.path(`chinese-${useSharedStrings ? 'sst' : 'inline'}.xlsx`);
  let rows: RawRow[] = [];
  let batches: number[] = [];

  beforeAll(async () => {
    await writeWorkbook(file, useSharedStrings);
    const workbook = await openWorkbook(file);
    const sheet = workbook.sheets[0];
    batches = [];
    if (sheet) for await (const batch of sheet.rows()) batches.push(batch.length);
    rows = await readRows(workbook);
    expect(workbook.diagnostics).toEqual([]);
  });

  it('reads every cell exactly as written', () => {
    expect(rows).toHaveLength(ROWS + 1);
    expect(rows[0]).toEqual({ row: 1, cells: ['企业名称', '隐患描述', '隐患等级', '备注', '发现日期', '金额'] });
    const mismatches: string[] = [];
    data.forEach((expected, i) => {
      const actual = rows[i + 1];
      const [a, b, c, d, date, amount] = actual?.cells ?? [];
      const ok = actual?.row === i + 2 && a === expected.text[0] && b === expected.text[1] && c === expected.text[2]
        && d === expected.text[3] && serialToTime(date ?? null) === expected.date.getTime() && amount === expected.amount;
      if (!ok) mismatches.push(`row ${i + 2}: ${JSON.stringify(actual)}`);
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(rows.some((row) => row.cells.some((cell) => typeof cell === 'string' && cell.includes('\uFFFD')))).toBe(false);
  });

  it('holds its Chinese text in a part spanning many 64 KiB inflate chunks', async () => {
    const zip = await ZipArchive.open(file, 2 ** 31);
    const part = zip.get(useSharedStrings ? 'xl/sharedStrings.xml' : 'xl/worksheets/sheet1.xml');
    expect(part?.uncompressedSize).toBeGreaterThan(40 * 64 * 1024);
  });

  it('yields batches of about 1000 rows', () => {
    expect(batches.reduce((sum, n) => sum + n, 0)).toBe(ROWS + 1);
    expect(batches.slice(0, -1).every((n) => n >= 1000 && n < 1500)).toBe(true);
  });

  it('agrees with exceljs readFile (the non-streaming oracle)', async () => {
    const oracle = new ExcelJS.Workbook();
    await oracle.xlsx.readFile(file);
    const sheet = oracle.worksheets[0];
    expect(sheet?.name).toBe('隐患台账');
    let compared = 0;
    sheet?.eachRow((row, rowNumber) => {
      const ours = rows[rowNumber - 1];
      expect(ours?.row).toBe(rowNumber);
      row.eachCell((cell, column) => {
        const mine = ours?.cells[column - 1] ?? null;
        const value = cell.value;
        if (value instanceof Date) expect(serialToTime(mine)).toBe(value.getTime());
        else expect(mine).toBe(value);
        compared++;
      });
    });
    expect(compared).toBe((ROWS + 1) * 6);
  });
});
