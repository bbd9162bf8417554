import type { Writable } from 'node:stream';
import { STYLE, XlsxWorkbookWriter, columnLetter } from '../writers/xlsx-workbook.js';
import type { ClauseSelection } from './select-clauses.js';

export interface ChecklistMeta {
  enterprise?: string;
  uscc?: string;
  industries: string[];
  attributes: string[];
  asOf: string;
  criteriaHash: string;
  version: string;
}

/** Headers chosen so a filled checklist reads back through `hazard check` (检查结果, 条款编号, 问题描述, 检查日期, 带队负责人). */
export const CHECKLIST_HEADERS = ['序号', '判定标准', '条款', '条款编号', '检查内容', '检查要点', '检查结果', '问题描述', '检查人', '检查日期', '带队负责人'] as const;
export const CHECK_RESULTS = ['符合', '不符合', '不涉及'] as const;

export interface ChecklistItem {
  seq: number;
  standard: string;
  citation: string;
  ruleId: string;
  content: string;
  points: string;
}

export function checklistItems(sel: ClauseSelection): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  for (const s of sel.standards) {
    for (const r of s.rules) {
      items.push({
        seq: items.length + 1,
        standard: `${s.standard.title}（${s.standard.docNumber}）`,
        citation: r.citation,
        ruleId: r.id,
        content: r.text.trim(),
        points: (r.checkpoints && r.checkpoints.length ? r.checkpoints : [r.title]).join('；'),
      });
    }
  }
  return items;
}

/** The 自查清单 workbook: a cover sheet, then the checklist with a title row, frozen header and drop-downs. */
export async function writeChecklistXlsx(out: Writable, sel: ClauseSelection, meta: ChecklistMeta): Promise<number> {
  const wb = new XlsxWorkbookWriter(out);
  const items = checklistItems(sel);
  const widths = [6, 30, 18, 22, 50, 30, 10, 30, 10, 12, 12];
  const last = CHECKLIST_HEADERS.length - 1;
  await wb.sheet(
    {
      name: '自查清单',
      widths,
      freezeRows: 2,
      merges: [`A1:${columnLetter(last)}1`],
      autoFilter: { row: 2, lastCol: last },
      validations: [{ col: CHECKLIST_HEADERS.indexOf('检查结果'), fromRow: 3, values: [...CHECK_RESULTS] }],
      landscape: true,
      printTitleRows: '$2:$2',
    },
    async (s) => {
      await s.row([{ v: `${meta.enterprise ?? ''}重大事故隐患自查清单（${meta.asOf}）`, s: STYLE.title }], 32);
      await s.row(CHECKLIST_HEADERS.map((h) => ({ v: h, s: STYLE.header })), 30);
      for (const it of items) {
        await s.row([
          { v: it.seq, s: STYLE.number },
          { v: it.standard, s: STYLE.wrap },
          { v: it.citation, s: STYLE.text },
          { v: it.ruleId, s: STYLE.text },
          { v: it.content, s: STYLE.wrap },
          { v: it.points, s: STYLE.wrap },
          { v: null, s: STYLE.text },
          { v: null, s: STYLE.wrap },
          { v: null, s: STYLE.text },
          { v: null, s: STYLE.date },
          { v: null, s: STYLE.text },
        ]);
      }
    },
  );
  await wb.sheet({ name: '封面', widths: [22, 90] }, async (s) => {
    const line = (k: string, v: string) => s.row([{ v: k, s: STYLE.bold }, { v }]);
    await line('hazard-toolkit 自查清单', '本表为封面，不是数据；检查结果填写在“自查清单”表');
    await line('企业名称', meta.enterprise ?? '');
    await line('统一社会信用代码', meta.uscc ?? '');
    await line('所属行业', meta.industries.join('、'));
    await line('企业属性', meta.attributes.join('、') || '（无）');
    await line('清单日期', meta.asOf);
    await line('条款数', String(items.length));
    for (const s2 of sel.standards) await line('判定标准', `${s2.standard.title}（${s2.standard.docNumber}，${s2.standard.effective} 施行）：${s2.rules.length} 条`);
    for (const m of sel.metadataOnly) await line('未收录条文', `${m.title}（${m.docNumber}）：条文未能确立，请对照原文自查`);
    await line('判定标准版本（sha256）', meta.criteriaHash);
    await line('工具版本', `hazard-toolkit ${meta.version}`);
    await line('填写说明', '检查结果填 符合 / 不符合 / 不涉及；不符合须填写问题描述；空白视为未检查（不是符合）。主要负责人每季度（高危行业每月）带队检查。');
  });
  await wb.finish({ title: '重大事故隐患自查清单' });
  return items.length;
}

export function formatChecklistMd(sel: ClauseSelection, meta: ChecklistMeta): string {
  const items = checklistItems(sel);
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
  const out = [
    `# ${meta.enterprise ?? ''}重大事故隐患自查清单`,
    '',
    `- 清单日期：${meta.asOf}`,
    `- 所属行业：${meta.industries.join('、')}；企业属性：${meta.attributes.join('、') || '（无）'}`,
    `- 判定标准版本：${meta.criteriaHash.slice(0, 12)}`,
    ...sel.standards.map((s) => `- ${s.standard.title}（${s.standard.docNumber}）：${s.rules.length} 条`),
    ...sel.metadataOnly.map((m) => `- ${m.title}（${m.docNumber}）：条文未收录，请对照原文自查`),
    '',
    '| 序号 | 判定标准 | 条款 | 检查内容 | 检查要点 | 检查结果 |',
    '|---|---|---|---|---|---|',
    ...items.map((i) => `| ${i.seq} | ${esc(i.standard)} | ${esc(i.citation)} | ${esc(i.content)} | ${esc(i.points)} | ☐符合 ☐不符合 ☐不涉及 |`),
  ];
  return `${out.join('\n')}\n`;
}

export function formatChecklistJson(sel: ClauseSelection, meta: ChecklistMeta): string {
  return `${JSON.stringify(
    {
      ...meta,
      standards: sel.standards.map((s) => ({ id: s.standard.id, title: s.standard.title, docNumber: s.standard.docNumber, effective: s.standard.effective, clauses: s.rules.length })),
      metadataOnly: sel.metadataOnly.map((m) => ({ id: m.id, title: m.title, docNumber: m.docNumber })),
      items: checklistItems(sel),
    },
    null,
    2,
  )}\n`;
}
