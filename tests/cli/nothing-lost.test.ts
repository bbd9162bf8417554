/**
 * Issue 17, class 1: one exit-code policy for check, ledger and report. Content that was not read, or not as
 * written, is exit 3 with a located diagnostic in every verb, and everything readable is still delivered.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { inlineRow, LEDGER_HEADER, ledgerRow, xlsxBytes, xlsxEntries, zipBytes } from '../io/raw-helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'hazard-lost-'));
const CSV_HEAD = LEDGER_HEADER.join(',');
const csv = (...rows: string[][]) => [CSV_HEAD, ...rows.map((r) => r.join(','))].join('\n') + '\n';

/** The three judging verbs on the same inputs: their exit codes and what they printed. */
function allVerbs(dir: string, inputs: string[], extra: { ledger?: string[]; report?: string[] } = {}) {
  const common = ['--as-of', '2024-12-31'];
  return {
    check: runCli(['check', ...inputs, ...common, '--fail-on', 'never']),
    ledger: runCli(['ledger', ...inputs, ...common, '-o', join(dir, 'out.xlsx'), ...(extra.ledger ?? [])]),
    report: runCli(['report', ...inputs, ...common, ...(extra.report ?? [])]),
  };
}

function sheetXml(rows: string[]): string {
  return rows.join('');
}

describe('one exit-code policy for check, ledger and report', () => {
  it('a clean ledger exits 0 in every verb', () => {
    const dir = tmp();
    const file = join(dir, 'ok.csv');
    writeFileSync(file, csv(ledgerRow(1)));
    const r = allVerbs(dir, [file]);
    expect([r.check.status, r.ledger.status, r.report.status]).toEqual([0, 0, 0]);
  });

  it('a header-only CSV exits 3 in check, ledger and report alike, naming the header row', () => {
    const dir = tmp();
    const file = join(dir, 'head.csv');
    writeFileSync(file, CSV_HEAD + '\n');
    const r = allVerbs(dir, [file]);
    expect([r.check.status, r.ledger.status, r.report.status]).toEqual([3, 3, 3]);
    expect(r.check.stdout).toMatch(/head\.csv \[head\] 第1行 .*workbook-no-rows/);
    expect(r.ledger.stderr).toContain('workbook-no-rows');
    expect(r.report.stderr).toContain('workbook-no-rows');
  });

  it('a worksheet whose part is missing from the zip: exit 3, the sheet named, the other sheet delivered', () => {
    const dir = tmp();
    const entries = xlsxEntries({ sheets: [
      { name: '台账', data: sheetXml([inlineRow(1, [...LEDGER_HEADER]), inlineRow(2, ledgerRow(1))]) },
      { name: '二车间', data: sheetXml([inlineRow(1, [...LEDGER_HEADER]), inlineRow(2, ledgerRow(2))]) },
    ] }).filter((e) => e.name !== 'xl/worksheets/sheet2.xml');
    const file = join(dir, 'missing-part.xlsx');
    writeFileSync(file, zipBytes(entries));
    const r = allVerbs(dir, [file]);
    expect([r.check.status, r.ledger.status, r.report.status]).toEqual([3, 3, 3]);
    expect(r.check.stdout).toMatch(/\[二车间\].*xlsx-sheet-unreadable/);
    expect(r.ledger.stdout).toContain('1 行');
  });

  it('a shared-string index out of range: exit 3 with the cell located, the rest of the row kept', () => {
    const dir = tmp();
    const row2 = inlineRow(2, ledgerRow(1)).replace(/<c r="A2"[^]*?<\/c>/, '<c r="A2" t="s"><v>99</v></c>');
    const file = join(dir, 'sst.xlsx');
    writeFileSync(file, xlsxBytes({ sheets: [{ name: '台账', data: inlineRow(1, [...LEDGER_HEADER]) + row2 }], sharedStrings: ['<t>x</t>'] }));
    const r = allVerbs(dir, [file]);
    expect([r.check.status, r.ledger.status, r.report.status]).toEqual([3, 3, 3]);
    expect(r.check.stdout).toMatch(/\[台账\] 第2行 A列\(单位名称\) .*xlsx-shared-string-missing/);
  });

  it('a header below row 15: the data under it is read, the rows above it are named and the run exits 3', () => {
    const dir = tmp();
    const notes = Array.from({ length: 20 }, (_, i) => inlineRow(i + 1, [`第${i + 1}条 填报注意事项`]));
    const file = join(dir, 'deep.xlsx');
    writeFileSync(file, xlsxBytes({ sheets: [{ name: '台账', data: [...notes, inlineRow(21, [...LEDGER_HEADER]), inlineRow(22, ledgerRow(1)), inlineRow(23, ledgerRow(2))].join('') }] }));
    const r = allVerbs(dir, [file]);
    expect([r.check.status, r.ledger.status, r.report.status]).toEqual([3, 3, 3]);
    expect(r.check.stdout).toMatch(/\[台账\] 第21行 .*header-below-title-area .*20 行/);
    expect(r.ledger.stdout).toContain('2 行');
  });

  it('a 填表说明 sheet is an info note, not a skip: exit 0', () => {
    const dir = tmp();
    const file = join(dir, 'with-notes.xlsx');
    writeFileSync(file, xlsxBytes({ sheets: [
      { name: '台账', data: inlineRow(1, [...LEDGER_HEADER]) + inlineRow(2, ledgerRow(1)) },
      { name: '填表说明', data: inlineRow(1, ['1. 隐患等级填写一般或重大']) + inlineRow(2, ['2. 日期格式为 YYYY-MM-DD']) },
      { name: 'Sheet3', data: inlineRow(1, ['填表说明：']) + inlineRow(2, ['发现日期必填']) },
    ] }));
    const r = allVerbs(dir, [file]);
    expect([r.check.status, r.ledger.status, r.report.status]).toEqual([0, 0, 0]);
    const json = JSON.parse(runCli(['check', file, '--as-of', '2024-12-31', '--fail-on', 'never', '--format', 'json']).stdout) as { diagnostics: { code: string; severity: string }[] };
    expect(json.diagnostics.filter((d) => d.code === 'sheet-instructions').map((d) => d.severity)).toEqual(['info', 'info']);
  });

  it('a sheet of other content without a header is skipped content: exit 3, named', () => {
    const dir = tmp();
    const file = join(dir, 'other.xlsx');
    writeFileSync(file, xlsxBytes({ sheets: [
      { name: '台账', data: inlineRow(1, [...LEDGER_HEADER]) + inlineRow(2, ledgerRow(1)) },
      { name: '统计', data: inlineRow(1, ['车间', '数量']) + inlineRow(2, ['一车间', '3']) },
    ] }));
    const r = allVerbs(dir, [file]);
    expect([r.check.status, r.ledger.status, r.report.status]).toEqual([3, 3, 3]);
    expect(r.check.stdout).toMatch(/\[统计\] .*sheet-no-header/);
  });

  it('--previous, --inspections and --roster without a recognisable header: exit 3 with the file named', () => {
    const dir = tmp();
    const file = join(dir, 'ok.csv');
    writeFileSync(file, csv(ledgerRow(1)));
    const junk = join(dir, 'junk.csv');
    writeFileSync(junk, '甲,乙,丙\n1,2,3\n');
    const previous = runCli(['ledger', file, '--as-of', '2024-12-31', '-o', join(dir, 'l.xlsx'), '--previous', junk]);
    expect(previous.status).toBe(3);
    expect(previous.stderr).toMatch(/junk\.csv.*workbook-no-header/);
    const inspections = runCli(['report', file, '--as-of', '2024-12-31', '--inspections', junk]);
    expect(inspections.status).toBe(3);
    expect(inspections.stderr).toMatch(/junk\.csv \[junk\] 第1行 .*sheet-no-header/);
    const roster = runCli(['report', file, '--as-of', '2024-12-31', '--roster', junk]);
    expect(roster.status).toBe(3);
    expect(roster.stderr).toMatch(/junk\.csv.*sheet-no-header/);
    const goodRoster = join(dir, 'roster.csv');
    writeFileSync(goodRoster, '单位名称,所属区县\n某机械厂,老城区\n');
    expect(runCli(['report', file, '--as-of', '2024-12-31', '--roster', goodRoster]).status).toBe(0);
  });
});
