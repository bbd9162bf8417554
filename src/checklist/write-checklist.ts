import type { Writable } from 'node:stream';
import { STYLE, XlsxWorkbookWriter, columnLetter } from '../writers/xlsx-workbook.js';
import { rowHeightFor } from '../writers/xlsx-look.js';
import type { ClauseSelection } from './select-clauses.js';

export interface ChecklistMeta {
  enterprise?: string;
  uscc?: string;
  industries: string[];
  attributes: string[];
  asOf: string;
  criteriaHash: string;
  version: string;
  /** The config file applied, as outputs name it. */
  config?: string;
}

/** Headers chosen so a filled checklist reads back through `hazard check` (检查结果, 条款编号, 问题描述, 检查日期, 带队负责人). */
export const CHECKLIST_HEADERS = ['序号', '判定标准', '条款', '条款编号', '检查内容', '检查要点', '检查结果', '问题描述', '检查人', '检查日期', '带队负责人'] as const;
export const CHECK_RESULTS = ['符合', '不符合', '不涉及'] as const;

export interface ChecklistItem {
  seq: number;
  standard: string;
  /** The standard's 文号 alone: the printed checklist's 判定标准 column (the cover names the titles). */
  docNumber: string;
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
        docNumber: s.standard.docNumber,
        citation: r.citation,
        ruleId: r.id,
        content: r.text.trim(),
        points: (r.checkpoints && r.checkpoints.length ? r.checkpoints : [r.title]).join('；'),
      });
    }
  }
  return items;
}

/** Printed widths (A4 landscape, fitted to width): 检查内容 and 检查要点 wrap; 检查结果 and 问题描述 leave room to write. */
const WIDTHS = [5, 14, 11, 14, 40, 26, 9, 22, 8, 11, 9];
/** Lines a row keeps free for a handwritten 问题描述, however short the clause. */
const WRITING_LINES = 3;
const COVER_WIDTH = 64;

/** The 自查清单 workbook: a cover sheet first, then the checklist with a title row, frozen header and drop-downs. */
export async function writeChecklistXlsx(out: Writable, sel: ClauseSelection, meta: ChecklistMeta): Promise<number> {
  const wb = new XlsxWorkbookWriter(out);
  const items = checklistItems(sel);
  const last = CHECKLIST_HEADERS.length - 1;
  await wb.sheet({ name: '封面', widths: [20, COVER_WIDTH] }, async (s) => {
    const line = (k: string, v: string) => s.row([{ v: k, s: STYLE.bold }, { v, s: STYLE.note }], rowHeightFor([{ text: v, width: COVER_WIDTH }]));
    await line('hazard-toolkit 自查清单', '本表为封面，不是数据；检查结果填写在“自查清单”表');
    await line('企业名称', meta.enterprise ?? '');
    await line('统一社会信用代码', meta.uscc ?? '');
    await line('所属行业', meta.industries.join('、'));
    await line('企业属性', meta.attributes.join('、') || '（无）');
    await line('清单日期', meta.asOf);
    await line('条款数', String(items.length));
    for (const s2 of sel.standards) await line('判定标准', `${s2.standard.title}（${s2.standard.docNumber}，${s2.standard.effective} 施行）：${s2.rules.length} 条`);
    for (const m of sel.metadataOnly) await line('未收录条文', `${m.title}（${m.docNumber}）：条文未能确立，请对照原文自查`);
    await line('配置文件', meta.config ?? '未使用配置文件');
    await line('判定标准版本（sha256）', meta.criteriaHash);
    await line('工具版本', `hazard-toolkit ${meta.version}`);
    await line('填写说明', '检查结果填 符合 / 不符合 / 不涉及；不符合须填写问题描述；空白视为未检查（不是符合）。主要负责人每季度（高危行业每月）带队检查。');
    await s.row([]);
    await line('检查人（签字）', '＿＿＿＿＿＿＿＿　　　　日期：＿＿＿＿＿＿');
    await line('主要负责人（签字）', '＿＿＿＿＿＿＿＿　　　　日期：＿＿＿＿＿＿');
  });
  await wb.sheet(
    {
      name: '自查清单',
      widths: WIDTHS,
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
        const wrapped = [
          { text: it.docNumber, width: WIDTHS[1] ?? 14 },
          { text: it.citation, width: WIDTHS[2] ?? 11 },
          { text: it.ruleId, width: WIDTHS[3] ?? 14 },
          { text: it.content, width: WIDTHS[4] ?? 40 },
          { text: it.points, width: WIDTHS[5] ?? 26 },
        ];
        await s.row(
          [
            { v: it.seq, s: STYLE.number },
            { v: it.docNumber, s: STYLE.wrap },
            { v: it.citation, s: STYLE.wrap },
            { v: it.ruleId, s: STYLE.wrap },
            { v: it.content, s: STYLE.wrap },
            { v: it.points, s: STYLE.wrap },
            { v: null, s: STYLE.text },
            { v: null, s: STYLE.wrap },
            { v: null, s: STYLE.text },
            { v: null, s: STYLE.date },
            { v: null, s: STYLE.text },
          ],
          rowHeightFor(wrapped, WRITING_LINES),
        );
      }
    },
  );
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
