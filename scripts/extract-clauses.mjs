#!/usr/bin/env node
// Extracts the official clause texts (id, citation, text) and each standard's metadata from criteria/ into one
// Markdown file: the only material a blind accuracy batch's writer is given (fixtures/accuracy/blind/README.md).
// Usage: node scripts/extract-clauses.mjs [criteria-dir] > /tmp/clauses.md
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const dir = process.argv[2] ?? 'criteria';
const out = [];
out.push('# 重大事故隐患判定标准条文（供盲测批次编写者使用）', '');
out.push('每条：`条款编号` 引文位置 —— 条文。标注期望结果时用条款编号；看似相关但不构成该条的写 `not-major`。', '');
for (const name of readdirSync(dir).filter((f) => /^[^_].*\.ya?ml$/.test(f)).sort()) {
  const s = parse(readFileSync(join(dir, name), 'utf8'));
  if (!Array.isArray(s.rules) || s.rules.length === 0) continue;
  out.push(`## ${s.title}（${s.docNumber}）`, '');
  const period = [s.effective ? `施行 ${s.effective}` : null, s.repealed ? `废止 ${s.repealed}` : null].filter(Boolean).join('，');
  out.push(`- 标准编号：${s.id}；发布：${s.issuer}；${period || '施行日期见原文'}`);
  if (s.supersedes) out.push(`- 替代：${s.supersedes}`);
  if (s.supersededBy) out.push(`- 被替代：${s.supersededBy}`);
  if (s.scope === 'general') out.push('- 适用：不分行业');
  if (Array.isArray(s.industries) && s.industries.length) out.push(`- 行业：${s.industries.map((i) => i.name).join('、')}`);
  out.push('');
  for (const r of s.rules) {
    const ind = r.applies?.industries ? `〔${r.applies.industries.join('、')}〕` : '';
    out.push(`- \`${r.id}\` ${r.citation}${ind} —— ${String(r.text).replace(/\s+/g, ' ').trim()}`);
  }
  out.push('');
}
process.stdout.write(out.join('\n') + '\n');
