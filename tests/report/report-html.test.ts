/**
 * The HTML report in real headless Chromium: no console errors, no network, every data-metric number
 * equal to the JSON, and the page fits A4 when printed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, INSPECTIONS, RECORDS, ROSTER, ZERO_AS_OF, ZERO_RECORDS } from '../../fixtures/report/cases.js';
import { formatValue, type ValueKind } from '../../src/formats/report-shared.js';
import { renderReport } from '../../src/formats/report-render.js';
import { buildReport } from '../../src/report/index.js';
import { atPath } from './parse-tables.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const A4_PORTRAIT_PX = 703; // 210 mm − 2 × 12 mm margins at 96 dpi
const A4_LANDSCAPE_PX = 1047; // 297 mm − 2 × 10 mm
const hasPdftotext = spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).status === 0;

const KINDS: readonly ValueKind[] = ['count', 'rate', 'money', 'signed', 'decimal'];
const isKind = (k: string | null): k is ValueKind => KINDS.some((known) => known === k);

interface Marked {
  metric: string;
  kind: string | null;
  value: string | null;
  text: string;
}

describe.skipIf(!hasChromium)(`HTML report in headless Chromium (${CHROMIUM}; install with apt-get install -y chromium)`, () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(html: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent(html, { waitUntil: 'load' });
    return { page, errors, requests };
  }

  const cases = {
    full: buildReport(RECORDS, { asOf: AS_OF, by: ['region', 'sup_level'], inspections: INSPECTIONS, roster: ROSTER }),
    zero: buildReport(ZERO_RECORDS, { asOf: ZERO_AS_OF, by: 'org', window: 6 }),
    empty: buildReport([], { asOf: AS_OF }),
  };

  it.each(Object.entries(cases))('"%s": numbers on the page equal the json', async (_, result) => {
    const json: unknown = JSON.parse(renderReport(result, 'json'));
    const { page, errors, requests } = await open(renderReport(result, 'html'));
    const marked: Marked[] = await page.$$eval('[data-metric]', (els) =>
      els.map((e) => ({
        metric: e.getAttribute('data-metric') ?? '',
        kind: e.getAttribute('data-kind'),
        value: e.getAttribute('data-value'),
        text: (e.textContent ?? '').trim(),
      })),
    );
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(marked.length).toBeGreaterThan(60);
    for (const m of marked) {
      const expected = atPath(json, m.metric);
      if (m.value !== null) {
        expect(m.value, m.metric).toBe(String(expected));
      } else {
        expect(isKind(m.kind), m.metric).toBe(true);
        expect(typeof expected === 'number' || expected === null, m.metric).toBe(true);
        if (isKind(m.kind) && (typeof expected === 'number' || expected === null)) {
          expect(m.text, m.metric).toBe(formatValue(m.kind, expected));
        }
      }
    }
    const metrics = new Set(marked.map((m) => m.metric));
    for (const key of ['cohorts.major.onTimeRate', 'cohorts.all.total', 'stock.open', 'dynamicZero.overdueMajors']) {
      expect(metrics, key).toContain(key);
    }
    result.targets.forEach((_, i) => expect(metrics).toContain(`targets.${i}.actual`));
    result.dynamicZero.months.forEach((_, i) => expect(metrics).toContain(`dynamicZero.months.${i}.holds`));
    // The burn-down is drawn only when some month-end has open stock; otherwise one sentence replaces it.
    if (result.burnDown.some((p) => p.open > 0)) result.burnDown.forEach((_, i) => expect(metrics).toContain(`burnDown.${i}.open`));
    else expect(await page.$eval('[data-chart="burn-down"]', (e) => e.textContent)).toMatch(/^存量重大隐患销号进度：/);
    await page.close();
  });

  it('no empty charts: a lone 合计 bar or a flat zero line becomes one sentence', async () => {
    for (const result of [cases.zero, cases.empty]) {
      const { page } = await open(renderReport(result, 'html'));
      const svgTitles = await page.$$eval('svg.chart > title', (els) => els.map((e) => e.textContent ?? ''));
      expect(svgTitles.some((t) => t.startsWith('逾期未整改重大隐患')) && result.cohorts.major.overdue === 0).toBe(false);
      expect(svgTitles.some((t) => t.startsWith('存量重大隐患销号进度'))).toBe(false);
      expect(await page.$eval('[data-chart="overdue"]', (e) => e.textContent)).toMatch(/^逾期未整改重大隐患：/);
      await page.close();
    }
  });

  it.skipIf(!hasPdftotext)('printed: no heading is the last line of a page (headings travel with their content)', async () => {
    for (const result of [cases.full, buildReport(RECORDS, { asOf: AS_OF, by: ['region', 'industry', 'org', 'sup_level'], inspections: INSPECTIONS, roster: ROSTER })]) {
      const { page } = await open(renderReport(result, 'html'));
      const headings = new Set(await page.$$eval('h2', (els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ''))));
      const dir = mkdtempSync(join(tmpdir(), 'hazard-html-pdf-'));
      writeFileSync(join(dir, 'r.pdf'), await page.pdf({ format: 'A4', preferCSSPageSize: true }));
      const text = spawnSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).stdout;
      const pages = text.split('\f').slice(0, -1);
      expect(pages.length).toBeGreaterThan(1);
      for (const [i, p] of pages.entries()) {
        const last = p.split('\n').map((l) => l.replace(/\s+/g, '')).filter((l) => l !== '').at(-1) ?? '';
        expect(headings.has(last), `page ${i + 1} ends with the heading ${last}`).toBe(false);
      }
      await page.close();
    }
  });

  it.each([
    ['screen', 1200],
    ['print', A4_LANDSCAPE_PX],
  ] as const)('月调度表 headers (%s) wrap in words, not one character per line', async (media, width) => {
    const wide = buildReport(RECORDS, { asOf: AS_OF, by: ['region', 'industry'], inspections: INSPECTIONS, roster: ROSTER });
    const { page } = await open(renderReport(wide, 'html'));
    await page.emulateMedia({ media });
    await page.setViewportSize({ width, height: 800 });
    const heads = await page.$$eval('table.dispatch thead th', (els) =>
      els.map((e) => {
        const range = e.ownerDocument.createRange();
        range.selectNodeContents(e);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        return { text: (e.textContent ?? '').trim(), lines: tops.size };
      }),
    );
    expect(heads.length).toBeGreaterThan(10);
    for (const h of heads) if ([...h.text].length >= 3) expect(h.lines, h.text).toBeLessThanOrEqual(Math.ceil([...h.text].length / 2));
    await page.close();
  });

  it('shows targets as cards first, with their status, and three inline charts', async () => {
    const result = cases.full;
    const { page } = await open(renderReport(result, 'html'));
    const cards = await page.$$eval('article.card', (els) => els.map((e) => [e.getAttribute('data-target'), e.className]));
    expect(cards).toEqual(
      result.targets.map((t) => [t.id, `card ${t.met === true ? 'met' : t.met === false ? 'unmet' : 'pending'}`]),
    );
    expect(await page.$$eval('svg.chart', (els) => els.length)).toBe(3);
    const bars = await page.$$eval('svg.chart text[data-metric]', (els) => els.map((e) => e.textContent));
    expect(bars).toEqual(result.groupings[0]?.rows.map((r) => String(r.major.overdue)));
    const firstH2 = await page.$eval('h2', (e) => e.textContent);
    expect(firstH2).toBe('目标达成');
    await page.close();
  });

  it('prints on A4: portrait sections fit, 月调度 tables fit a landscape page, and a PDF renders', async () => {
    const { page } = await open(renderReport(cases.full, 'html'));
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: A4_PORTRAIT_PX, height: 1000 });
    const portrait = await page.$$eval('body > section:not(.wide) > *, body > header', (els) =>
      els.map((e) => e.scrollWidth),
    );
    expect(Math.max(...portrait)).toBeLessThanOrEqual(A4_PORTRAIT_PX);
    await page.setViewportSize({ width: A4_LANDSCAPE_PX, height: 800 });
    const wide = await page.$$eval('table.dispatch', (els) => els.map((e) => e.scrollWidth));
    expect(wide.length).toBe(2);
    expect(Math.max(...wide)).toBeLessThanOrEqual(A4_LANDSCAPE_PX);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    await page.close();
  });
});
