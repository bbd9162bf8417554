import type { ChalkInstance } from 'chalk';
import { DETERMINATION_TEXT } from '../domain/levels.js';
import type { DecisionTrace } from '../rules/types.js';

const VALUE_TEXT = { true: '✓ 满足', unknown: '? 未写明', false: '✗ 不满足' } as const;

/** `hazard explain` as text: how one finding was decided, step by step (Chinese). */
export function formatExplainText(t: DecisionTrace, c: ChalkInstance): string {
  const out: string[] = [];
  const d = t.decision;
  const verdict = d.determination === 'major' ? c.red.bold(DETERMINATION_TEXT.major) : c.bold(DETERMINATION_TEXT[d.determination]);
  out.push(`判定：${verdict}`);
  for (const m of d.matches) out.push(`  依据《${m.standardTitle}》（${m.docNumber}）${m.citation}：${m.title}`);
  for (const m of d.partial) out.push(`  待核实《${m.standardTitle}》${m.citation}：${m.title}${m.missing.length ? `；缺少：${m.missing.join('；')}` : ''}`);
  for (const m of d.candidates) out.push(`  相近条款（供复核）${m.citation}：${m.title}（相似度 ${m.score.toFixed(2)}）`);
  for (const r of d.rebuttals ?? []) out.push(`  反驳证据：${r}`);
  out.push('', `读入文本：${t.text}`, `（读入文本为归一化后的描述；句内比较的结论作为单独一句附在句末）`, `日期：${t.date}`);
  if (t.industry === undefined) out.push('所属行业：未填写（全部行业的标准均适用）');
  else if (!t.industryRecognised) out.push(`所属行业：“${t.industry}”未能识别（全部行业的标准均适用）`);
  else out.push(`所属行业：“${t.industry}” → ${(t.industryResolution ?? []).map((r) => `${r.standardId}（${r.sectors.join('、')}）`).join('；')}`);
  const used = t.editions.filter((e) => (e.status === 'in-force' && e.rules > 0) || e.status === 'stand-in');
  const listed = t.editions.filter((e) => e.status === 'in-force' && e.rules === 0);
  out.push('', `适用的标准版本（${used.length} 个有条款${listed.length ? `，另 ${listed.length} 个只收录元数据` : ''}）：`);
  for (const e of used) out.push(`  ${e.docNumber} ${e.title}：${e.reason}`);
  const skipped = t.editions.filter((e) => e.status === 'not-in-force' && t.rules.some((r) => r.standardId === e.standardId));
  for (const e of skipped) out.push(c.dim(`  （未适用）${e.docNumber} ${e.title}：${e.reason}`));
  out.push('', '识别到的词：');
  if (t.terms.length === 0) out.push('  （无）');
  for (const term of t.terms) out.push(`  ${term.at}  ${term.term}${term.negation ? `  ← 否定/失效：“${term.negation}”` : ''}`);
  if (t.quantities.length) {
    out.push('', '数量：');
    for (const q of t.quantities) out.push(`  ${q.text} → ${q.lo === q.hi ? q.lo : `${q.lo}～${q.hi}`} ${q.unit}`);
  }
  out.push('', `相关条款（按满足要件多少排序，前 ${t.rules.length} 条）：`);
  for (const r of t.rules) {
    out.push(`  ${r.ruleId} ${r.citation} ${r.title} —— ${VALUE_TEXT[r.value]}${r.blockedBy ? c.yellow(`（${r.blockedBy}）`) : ''}`);
    for (const e of r.elements) out.push(c.dim(`      ${VALUE_TEXT[e.value]}  ${e.label}`));
  }
  return `${out.join('\n')}\n`;
}
