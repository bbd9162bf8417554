/**
 * The printed page: the demo's ledger, checklist and report workbooks converted to PDF by LibreOffice, read back
 * with pdftotext. Page counts, whole cell texts (a wrapped cell prints all its lines, not one), rows tall enough
 * for their text, and the title of each sheet on its first page. Skipped, with a message, without soffice or
 * pdftotext (.ci/run installs both and a CJK font).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';

const DEMO = join(ROOT, 'fixtures/demo/示例企业隐患排查台账.xlsx');
const which = (cmd: string): string | undefined => {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
};
const soffice = which('soffice') ?? which('libreoffice');
const pdftotext = which('pdftotext');
// Without a CJK font LibreOffice lays out substitute glyphs: page counts and wrapping would not be a user's.
const cjkFont = spawnSync('sh', ['-c', 'fc-list :lang=zh'], { encoding: 'utf8' }).stdout.trim() !== '';
const tools = soffice !== undefined && pdftotext !== undefined && cjkFont;
if (!tools) console.warn('print tests skipped: LibreOffice (soffice), pdftotext (poppler-utils) or a CJK font is not installed; .ci/run installs them');

const squash = (s: string): string => s.replace(/\s+/g, '');

interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  yMax: number;
}

/** Every word of a PDF with its box (pdftotext -bbox). */
function words(pdf: string): Word[] {
  const html = spawnSync(pdftotext ?? 'pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout;
  const out: Word[] = [];
  html.split('<page ').slice(1).forEach((p, i) => {
    for (const m of p.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      out.push({ page: i + 1, xMin: Number(m[1]), yMin: Number(m[2]), yMax: Number(m[3]), text: (m[4] ?? '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"') });
    }
  });
  return out;
}

/**
 * The printed lines of one left-aligned wrapped cell whose text is `text`: the line starting it, then the lines
 * below starting at the same x. Returns the box of the whole cell text, or undefined when it is not printed whole.
 */
function printedCell(all: readonly Word[], text: string): { yMin: number; yMax: number; page: number } | undefined {
  for (const first of all) {
    if (!first.text || !text.startsWith(first.text)) continue;
    let acc = first.text;
    let last = first;
    while (acc.length < text.length) {
      const next = all
        .filter((w) => w.page === first.page && Math.abs(w.xMin - first.xMin) < 1.5 && w.yMin > last.yMin + 1 && w.yMin < last.yMax + 8)
        .sort((a, b) => a.yMin - b.yMin)[0];
      if (!next || !text.startsWith(acc + next.text)) break;
      acc += next.text;
      last = next;
    }
    if (acc === text) return { page: first.page, yMin: first.yMin, yMax: last.yMax };
  }
  return undefined;
}

/** The text of each page (pdftotext's reading order keeps a wrapped cell's lines together), whitespace removed. */
function pages(pdf: string): string[] {
  const r = spawnSync(pdftotext ?? 'pdftotext', [pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return r.stdout.split('\f').slice(0, -1).map(squash);
}


describe.skipIf(!tools)('printed pages (LibreOffice → PDF)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hazard-print-'));
  const pdf = (name: string): string => join(dir, `${name}.pdf`);
  let ledgerRows: Record<string, string>[] = [];
  let checklistItems: { content: string; points: string }[] = [];

  beforeAll(() => {
    const run = (args: string[]): void => {
      const r = runCli(args, { cwd: dir });
      if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    };
    run(['ledger', DEMO, '--as-of', '2024-12-31', '-o', 'ledger.xlsx', '--no-config']);
    run(['ledger', DEMO, '--as-of', '2024-12-31', '-o', 'ledger.csv', '--no-config']);
    run(['checklist', '--industry', '化工', '--org', '示例化工有限公司', '--as-of', '2024-12-31', '-o', 'checklist.xlsx', '--no-config']);
    run(['checklist', '--industry', '化工', '--org', '示例化工有限公司', '--as-of', '2024-12-31', '-o', 'checklist.json', '--no-config']);
    run(['report', DEMO, '--as-of', '2024-12-31', '-o', 'report.xlsx', '--no-config']);
    run(['report', DEMO, '--as-of', '2024-12-31', '--by', 'region', 'industry', 'org', 'sup_level', '-o', 'report-by.xlsx', '--no-config']);
    const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
    const files = ['ledger', 'checklist', 'report', 'report-by'].map((n) => join(dir, `${n}.xlsx`));
    const r = spawnSync(soffice ?? 'soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, ...files], { encoding: 'utf8', timeout: 180_000 });
    if (r.status !== 0 || !files.every((f) => existsSync(f.replace(/\.xlsx$/, '.pdf')))) throw new Error(`soffice failed: ${r.stderr}`);
    ledgerRows = parse(readFileSync(join(dir, 'ledger.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    checklistItems = (JSON.parse(readFileSync(join(dir, 'checklist.json'), 'utf8')) as { items: { content: string; points: string }[] }).items;
  }, 240_000);

  it('ledger: the 18 rows on one A4 landscape page with 合计 and sign-off, the 说明 sheet on one more', () => {
    const p = pages(pdf('ledger'));
    expect(p).toHaveLength(2);
    expect(p[0]).toContain('示例机械制造有限公司隐患排查治理台账（截至2024年12月31日）');
    expect(p[0]).toContain('合计共18项：');
    expect(p[0]).toMatch(/填表人：＿+审核人：＿+日期：＿+/);
    // Only the print area is on paper: the derived and source columns are not.
    expect(p[0]).toContain('判定依据（标准条款）');
    expect(p[0]).not.toContain('五落实完整性');
    expect(p[0]).not.toContain('来源文件');
    expect(p[1]).toContain('配置文件未使用配置文件（--no-config）');
  });

  it('ledger: every 隐患描述, 整改措施 and 判定依据 prints whole, inside its own row (row heights fit the wrapped text)', () => {
    const all = words(pdf('ledger')).filter((w) => w.page === 1);
    expect(ledgerRows).toHaveLength(18);
    // Row tops: the 序号 of each row and the 合计 label, in the first column.
    const total = all.find((w) => w.text === '合计');
    const left = (total?.xMin ?? 0) + 30;
    const tops = all.filter((w) => (/^\d+$/.test(w.text) && w.xMin < left && Math.abs(w.yMin - (total?.yMin ?? 0)) > 1) || w === total).map((w) => w.yMin).sort((a, b) => a - b);
    expect(tops).toHaveLength(19);
    for (const row of ledgerRows) {
      for (const col of ['隐患描述', '整改措施', '判定依据（标准条款）']) {
        const text = squash(row[col] ?? '');
        if (!text) continue;
        const cell = printedCell(all, text);
        expect(cell, `${row['序号']} ${col} not printed whole: ${text}`).toBeDefined();
        const nextTop = tops.find((t) => t > (cell?.yMin ?? 0) + 2) ?? Infinity;
        expect(cell?.yMax ?? Infinity, `${row['序号']} ${col} runs into the next row`).toBeLessThan(nextTop);
      }
    }
  });

  it('checklist: cover first, then the clauses with 检查内容 and 检查要点 whole, header repeated', () => {
    const p = pages(pdf('checklist'));
    expect(p).toHaveLength(3);
    expect(p[0]).toContain('hazard-toolkit自查清单');
    expect(p[0]).toContain('主要负责人（签字）');
    expect(p[1]).toContain('示例化工有限公司重大事故隐患自查清单（2024-12-31）');
    const all = words(pdf('checklist'));
    for (const it of checklistItems) {
      expect(printedCell(all, squash(it.content)), it.content).toBeDefined();
      expect(printedCell(all, squash(it.points)), it.points).toBeDefined();
    }
    for (const h of ['检查内容', '检查要点', '检查结果', '问题描述']) expect(p[2]).toContain(h);
  });

  it('report: title whole on page 1, 月调度表 on one landscape page; with four groupings 7 pages', () => {
    const p = pages(pdf('report'));
    expect(p).toHaveLength(4);
    expect(p[0]).toContain('重大事故隐患整改情况报告（截至2024年12月31日）');
    expect(p[0]).toContain('安委〔2024〕10号');
    const dispatch = p.filter((t) => t.includes('重大事故隐患月调度表'));
    expect(dispatch).toHaveLength(1);
    expect(dispatch[0]).toContain('合计');
    const by = pages(pdf('report-by'));
    expect(by.length).toBeLessThanOrEqual(8);
    expect(by.filter((t) => t.includes('重大事故隐患月调度表'))).toHaveLength(4);
  });
});
