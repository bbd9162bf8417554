/**
 * Issue 17, class 4: a deadline is never invented. `check` and `ledger` read 整改期限 through the one grammar in
 * src/dates/deadline.ts: text it cannot read stays unread in both (no date, no 逾期 否), and 待定/长期/无 are said.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyDeadlineText } from '../../src/dates/deadline.js';
import { runCli } from '../helpers.js';

const TEXTS = ['2024年度内', '待定', '长期', '无', '99999天', '本季度内', '30天'];

describe('deadlines: one grammar, nothing invented', () => {
  it('check and ledger agree row by row; unreadable and “no deadline” texts never become dates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hazard-deadline-'));
    const file = join(dir, 'deadlines.csv');
    writeFileSync(file, ['单位名称,隐患描述,隐患等级,发现日期,整改期限,整改情况', ...TEXTS.map((t, i) => `某机械厂,第${i + 1}处护栏缺失,一般,2024-07-05,${t},整改中`)].join('\n') + '\n');
    const check = runCli(['check', file, '--as-of', '2024-12-31', '--fail-on', 'never', '--format', 'json']);
    const rows = (JSON.parse(check.stdout) as { rows: { fields: { deadline?: { kind: string; date?: string } }; diagnostics: { code: string; message: string; location: { column?: string; header?: string } }[] }[] }).rows;
    expect(rows.map((r) => r.fields.deadline)).toEqual([
      { kind: 'unparsed' }, { kind: 'none' }, { kind: 'none' }, { kind: 'none' }, { kind: 'unparsed' }, { kind: 'unparsed' }, { kind: 'relative', date: '2024-08-04' },
    ]);
    for (const i of [1, 2, 3]) {
      const d = rows[i]!.diagnostics.find((x) => x.code === 'deadline-not-set');
      expect(d?.message).toContain(`整改期限为“${TEXTS[i]}”：没有设定整改期限`);
      expect(d?.location).toMatchObject({ column: 'E', header: '整改期限' });
    }
    for (const i of [0, 4, 5]) expect(rows[i]!.diagnostics.map((x) => x.code)).toContain('date-unparsed');

    const out = join(dir, 'ledger.csv');
    expect(runCli(['ledger', file, '--as-of', '2024-12-31', '-o', out]).status).toBe(0);
    const lines = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split('\n').map((l) => l.split(','));
    const head = lines[0]!;
    const col = (name: string) => head.indexOf(name);
    for (let i = 0; i < TEXTS.length - 1; i++) {
      const line = lines[i + 1]!;
      // The 整改期限 column keeps what was written; no ISO date appears for it, and 逾期 is not decided.
      expect(line[col('整改期限')]).toBe(TEXTS[i]);
      expect(line[col('是否逾期')]).toBe('无期限');
      expect(line.join(',')).not.toMatch(/\b(4048|2298|2025-07-05)-/);
    }
    expect(lines[TEXTS.length]![col('整改期限')]).toBe('2024-08-04');
  });

  it('a span past ten years is a slip, not a deadline', () => {
    expect(classifyDeadlineText('99999天')).toEqual({ kind: 'invalid-number' });
    expect(classifyDeadlineText('20年')).toEqual({ kind: 'invalid-number' });
    expect(classifyDeadlineText('3年')).toEqual({ kind: 'relative', n: 3, unit: 'year' });
  });
});
