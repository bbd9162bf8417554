// Small workbooks are read into memory once (readFindings, ≤ 4 MiB) and every xlsx part / CSV byte is
// then served from that buffer; larger ones stream from disk. Both paths must yield the same rows,
// diagnostics and encodings, including for damaged files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkbook } from '../../src/io/workbook/open-workbook.js';
import type { WorkbookSource } from '../../src/io/workbook/raw.js';
import { readRows } from './raw-helpers.js';

const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'workbooks');
const files = [
  'csv-named.xlsx', 'date1904.xlsx', 'dates-and-deadlines.xlsx', 'formulas-hidden-emptyrows.xlsx',
  'regulator-grouped-header.xlsx', 'ledger-gbk.csv', 'ledger-utf16le.csv', 'ledger-utf8-bom.csv',
  'truncated.xlsx', 'empty.xlsx', 'not-a-zip.xlsx', 'encrypted.xlsx', 'no-header.xlsx',
];

async function snapshot(open: () => Promise<WorkbookSource>): Promise<unknown> {
  let workbook: WorkbookSource;
  try {
    workbook = await open();
  } catch (error) {
    return { thrown: (error as Error).message };
  }
  const sheets = [];
  for (let i = 0; i < workbook.sheets.length; i++) {
    const sheet = workbook.sheets[i];
    sheets.push({ name: sheet?.name, hidden: sheet?.hidden, rows: await readRows(workbook, i) });
  }
  return { format: workbook.format, encoding: workbook.encoding, sheets, diagnostics: workbook.diagnostics };
}

describe('preloaded buffer vs streamed file', () => {
  for (const name of files) {
    it(name, async () => {
      const file = join(dir, name);
      const streamed = await snapshot(() => openWorkbook(file));
      const preloaded = await snapshot(() => openWorkbook(file, { preloaded: readFileSync(file) }));
      expect(preloaded).toEqual(streamed);
    });
  }

  it('the zip-bomb cap holds for in-memory parts too', async () => {
    const file = join(dir, 'dates-and-deadlines.xlsx');
    const read = async (preloaded?: Buffer) => {
      try {
        const workbook = await openWorkbook(file, { maxInflatedBytes: 2000, ...(preloaded ? { preloaded } : {}) });
        for (let i = 0; i < workbook.sheets.length; i++) await readRows(workbook, i);
        return workbook.diagnostics.map((d) => d.code);
      } catch (error) {
        return [(error as { code?: string }).code ?? 'thrown'];
      }
    };
    const streamed = await read();
    expect(streamed).toContain('input-zip-bomb');
    expect(await read(readFileSync(file))).toEqual(streamed);
  });
});
