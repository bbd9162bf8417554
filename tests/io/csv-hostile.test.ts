/**
 * Issue 17, class 7: CSV. An unclosed quote near the end keeps every record before it and names the line it
 * opened on; a mostly UTF-8 file with a few bad bytes stays UTF-8 and its bad lines are named (not re-decoded
 * whole as GB18030, which would garble every Chinese character).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFindings } from '../../src/io/findings/read-findings.js';
import type { FindingRecord } from '../../src/domain/finding-record.js';
import { LEDGER_HEADER, ledgerRow, makeTempDir } from './raw-helpers.js';
import { runCli } from '../helpers.js';

const dir = makeTempDir();
afterAll(() => dir.remove());

async function read(file: string) {
  const records: FindingRecord[] = [];
  const result = await readFindings(file, {}, (b) => {
    records.push(...b);
  });
  return { ...result, records };
}

const lines = (n: number) => [LEDGER_HEADER.join(','), ...Array.from({ length: n }, (_, i) => ledgerRow(i + 1).join(','))];

describe('CSV with an unclosed quote', () => {
  it('keeps the 100 good rows before it, names line 102 where the quote opened, and is incomplete (exit 3)', async () => {
    const text = [...lines(100), '某机械厂,"配电箱门未关,一般,2024-07-05,2024-07-20,已整改,2024-07-08', '某机械厂,最后一行,一般,2024-07-05,2024-07-20,已整改,2024-07-08'].join('\n') + '\n';
    const r = await read(dir.write('quote.csv', text));
    expect(r.records.length).toBe(100);
    expect(r.input.sheets[0]).toMatchObject({ headerRow: 1, records: 100 });
    const d = r.diagnostics.find((x) => x.code === 'csv-malformed-record');
    expect(d).toMatchObject({ severity: 'error', location: { sheet: 'quote', row: 102 } });
    expect(d?.message).toContain('第 102 行的引号没有闭合');
    expect(r.diagnostics.map((x) => x.code)).not.toContain('workbook-no-header');
    expect(r.complete).toBe(false);
  });

  it('the same on the reading thread used for files over 4 MiB (CLI, built reader)', () => {
    const text = [...lines(45_000), '某机械厂,"未闭合'].join('\n');
    const file = dir.write('quote-worker.csv', text);
    expect(Buffer.byteLength(text)).toBeGreaterThan(4 * 1024 * 1024);
    // Text output (json of 45 000 rows is large): the summary and the located diagnostic.
    const r = runCli(['check', file, '--as-of', '2024-12-31', '--fail-on', 'never']);
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('45000 行');
    expect(r.stdout).toMatch(/\[quote-worker\] 第45002行 .*csv-malformed-record/);
  }, 60_000);
});

describe('CSV that is mostly UTF-8', () => {
  it('a few bad bytes: read as UTF-8, the Chinese text intact, the bad lines named', async () => {
    const good = lines(50).map((l) => Buffer.from(l, 'utf8'));
    good[9] = Buffer.concat([good[9]!, Buffer.from([0xff, 0xfe])]);
    good[29] = Buffer.concat([Buffer.from([0xc3]), good[29]!]);
    const bytes = Buffer.concat(good.flatMap((b) => [b, Buffer.from('\n')]));
    const r = await read(dir.write('mostly-utf8.csv', bytes));
    expect(r.input.encoding).toBe('utf-8');
    expect(r.records.length).toBe(50);
    expect(r.records[0]!.fields.description).toBe('第1处砂轮机防护罩缺失');
    const d = r.diagnostics.find((x) => x.code === 'csv-invalid-utf8');
    expect(d).toMatchObject({ severity: 'error', location: { row: 10 } });
    expect(d?.message).toContain('第 10、30 行共有 3 处字节不是有效的 UTF-8');
    expect(r.complete).toBe(false);
  });

  it('a UTF-8 file with a BOM and one bad byte is named too, not silently U+FFFD', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines(2).join('\n') + '\n', 'utf8')]);
    const bad = Buffer.concat([body.subarray(0, body.length - 3), Buffer.from([0x80]), body.subarray(body.length - 3)]);
    const r = await read(dir.write('bom-bad.csv', bad));
    expect(r.input.encoding).toBe('utf-8-bom');
    expect(r.diagnostics.find((x) => x.code === 'csv-invalid-utf8')?.location.row).toBe(3);
  });

  it('a real GB18030 file is still read as GB18030', async () => {
    const { default: iconv } = await import('iconv-lite');
    const r = await read(dir.write('gbk.csv', iconv.encode(lines(5).join('\r\n'), 'gb18030')));
    expect(r.input.encoding).toBe('gb18030');
    expect(r.records[4]!.fields.description).toBe('第5处砂轮机防护罩缺失');
    expect(r.complete).toBe(true);
  });
});
