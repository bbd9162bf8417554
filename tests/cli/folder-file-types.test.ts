/**
 * Issue 17, class 6: every spreadsheet-like file in a folder is accounted for. .xls, .et, .ods, .xlsb and .numbers
 * are diagnostics that say what the file is and how to convert it (exit 3); the readable ledger is still delivered.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { LEDGER_HEADER, ledgerRow, zipBytes } from '../io/raw-helpers.js';

const OLE2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);

describe('a folder of mixed spreadsheet files', () => {
  it('names each unreadable kind with how to convert it, delivers the readable one, exits 3 in every verb', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-kinds-'));
    const inputs = join(dir, 'in');
    mkdirSync(inputs);
    writeFileSync(join(inputs, '台账.csv'), [LEDGER_HEADER.join(','), ledgerRow(1).join(',')].join('\n') + '\n');
    writeFileSync(join(inputs, '旧台账.xls'), OLE2);
    writeFileSync(join(inputs, 'WPS台账.et'), OLE2);
    writeFileSync(join(inputs, '开放格式.ods'), zipBytes([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', method: 0 }, { name: 'content.xml', data: '<office:document-content/>' }]));
    writeFileSync(join(inputs, '二进制.xlsb'), zipBytes([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.bin', data: Buffer.alloc(16) }]));
    writeFileSync(join(inputs, '苹果.numbers'), zipBytes([{ name: 'Index/Document.iwa', data: Buffer.alloc(16) }]));
    mkdirSync(join(inputs, '包.numbers'));
    writeFileSync(join(inputs, '说明.docx'), 'not a spreadsheet');

    const check = runCli(['check', inputs, '--as-of', '2024-12-31', '--fail-on', 'never', '--format', 'json']);
    expect(check.status).toBe(3);
    const json = JSON.parse(check.stdout) as { summary: { files: number; rows: number; filesUnreadable: number }; diagnostics: { code: string; message: string; location: { file: string } }[] };
    expect(json.summary).toMatchObject({ files: 7, rows: 1, filesUnreadable: 6 });
    const by = (name: string) => json.diagnostics.find((d) => d.location.file.endsWith(name));
    expect(by('旧台账.xls')).toMatchObject({ code: 'input-xls' });
    expect(by('旧台账.xls')?.message).toContain('.xls');
    expect(by('WPS台账.et')).toMatchObject({ code: 'input-et' });
    expect(by('WPS台账.et')?.message).toContain('WPS');
    expect(by('开放格式.ods')).toMatchObject({ code: 'input-ods' });
    expect(by('二进制.xlsb')).toMatchObject({ code: 'input-xlsb' });
    expect(by('二进制.xlsb')?.message).toContain('.xlsb');
    expect(by('苹果.numbers')).toMatchObject({ code: 'input-numbers' });
    expect(by('包.numbers')).toMatchObject({ code: 'input-numbers' });
    for (const d of json.diagnostics.filter((x) => x.code.startsWith('input-'))) expect(d.message).toMatch(/另存为|导出/);
    expect(json.diagnostics.some((d) => d.location.file.endsWith('.docx'))).toBe(false);

    const pkg = runCli(['check', join(inputs, '包.numbers'), '--as-of', '2024-12-31']);
    expect(pkg.status).toBe(3);
    expect(pkg.stdout).toContain('input-numbers');

    expect(runCli(['ledger', inputs, '--as-of', '2024-12-31', '-o', join(dir, 'out.xlsx')]).status).toBe(3);
    expect(runCli(['report', inputs, '--as-of', '2024-12-31']).status).toBe(3);
  });
});
