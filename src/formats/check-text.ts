import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import stringWidth from 'string-width';
import { formatLocation, type Diagnostic } from '../diagnostic.js';
import type { CheckedRow, CheckResult } from '../check/types.js';
import { DETERMINATION_TEXT, GRADING_TEXT, LEVEL_TEXT } from '../domain/levels.js';

export interface CheckTextOptions {
  color: ChalkInstance;
  /** Rows shown in the table; the rest are counted. */
  limit: number;
  showMapping: boolean;
}

/** The human summary: inputs, a table of the rows that need attention, diagnostics, totals. */
export function formatCheckText(result: CheckResult, options: CheckTextOptions): string {
  const c = options.color;
  const out: string[] = [];
  out.push(c.bold(`重大事故隐患判定 · 截至 ${result.asOf} · 判定标准 ${result.criteria.standards} 个版本 / ${result.criteria.rules} 条规则（${result.criteria.hash.slice(0, 8)}）`));
  for (const input of result.inputs) {
    const enc = input.encoding ? `，编码 ${input.encoding}` : '';
    out.push(`输入：${input.file}（${input.format ?? '无法识别'}${enc}${input.complete ? '' : c.red('，未能完整读取')}）`);
    for (const s of input.sheets) {
      const where = s.headerRow !== undefined ? `表头在第${s.headerRow}行，${s.records} 行数据` : `跳过：${s.skipped ?? '无可识别表头'}`;
      out.push(`  工作表「${s.name}」${s.hidden ? '（隐藏）' : ''}${where}`);
      if (options.showMapping) {
        for (const col of s.columns) out.push(`    ${col.column} ${col.header || '（空）'} → ${col.field ?? c.dim('未映射')}  ${c.dim(col.reason)}`);
      }
    }
  }
  const shown = result.rows.filter((r) => r.determination !== 'not-major' || r.grading !== 'agree').slice(0, options.limit);
  if (shown.length > 0) {
    const table = new Table({
      head: ['位置', '隐患描述', '记录等级', '判定', '定级核对', '判定依据 / 缺少要件'],
      style: { head: [], border: [] },
      wordWrap: true,
      colWidths: [16, 34, 10, 8, 14, 44],
    });
    for (const r of shown) table.push(tableRow(r, c));
    out.push(table.toString());
  }
  const hidden = Math.max(result.rowsFlagged, result.rows.filter((r) => r.determination !== 'not-major' || r.grading !== 'agree').length) - shown.length;
  if (hidden > 0) out.push(c.dim(`……另有 ${hidden} 行需关注，未列出（--limit 调整，或用 --format json / hazard ledger 查看全部）`));
  const diags = [...result.diagnostics, ...result.rows.flatMap((r) => r.diagnostics.filter((d) => d.code !== 'under-graded' && d.code !== 'no-basis'))];
  const important = diags.filter((d) => d.severity !== 'info');
  if (important.length > 0) {
    out.push(c.bold('问题：'));
    for (const d of important.slice(0, options.limit)) out.push(diagnosticLine(d, c));
    if (important.length > options.limit) out.push(c.dim(`……另有 ${important.length - options.limit} 条问题未列出`));
  }
  // File-level notes that changed how rows were judged (industry taken from the enterprise name) are shown too.
  const notes = result.diagnostics.filter((d) => d.severity === 'info' && d.code === 'industry-inferred');
  for (const d of notes) out.push(`${c.bold('说明：')}${formatLocation(d.location)}  ${d.message}`);
  const s = result.summary;
  if (result.config !== undefined) out.push(`配置文件：${result.config}`);
  out.push(
    `汇总：${s.files} 个文件${s.filesUnreadable ? c.red(`（${s.filesUnreadable} 个未能完整读取）`) : ''}，${s.rows} 行；` +
      `${c.red(`重大 ${s.major}`)}（其中定级偏低 ${s.underGraded}），待核实 ${s.indeterminate}，一般 ${s.notMajor}；` +
      `缺少判定依据 ${s.noBasis}；${s.waived ? `豁免 ${s.waived}；` : ''}错误 ${s.errors}，警告 ${s.warnings}${s.underGraded + s.noBasis > 0 ? '（定级偏低、缺少判定依据的行也计为警告，见上表）' : ''}`,
  );
  return `${out.join('\n')}\n`;
}

function tableRow(r: CheckedRow, c: ChalkInstance): string[] {
  const where = `${r.sheet}!${r.row}`;
  const desc = clip(r.fields.description ?? r.raw.description?.raw ?? '', 64);
  const recorded = r.recordedLevel ? LEVEL_TEXT[r.recordedLevel] : '—';
  const det = r.determination === 'major' ? c.red(DETERMINATION_TEXT.major) : DETERMINATION_TEXT[r.determination];
  const grading = r.grading === 'under-graded' || r.grading === 'no-basis' ? c.yellow(GRADING_TEXT[r.grading]) : GRADING_TEXT[r.grading];
  let basis = '';
  if (r.matches.length > 0) basis = r.matches.map((m) => `${m.docNumber} ${m.citation}\n${m.title}`).join('\n');
  else if (r.partial.length > 0) basis = r.partial.map((m) => `${m.docNumber} ${m.citation}？缺少：${m.missing.join('、')}`).join('\n');
  return [where, desc, recorded, det, grading, basis];
}

function diagnosticLine(d: Diagnostic, c: ChalkInstance): string {
  const sev = d.severity === 'error' ? c.red('错误') : c.yellow('警告');
  return `  ${formatLocation(d.location)}${d.location.value !== undefined ? ` 「${clip(d.location.value, 20)}」` : ''}  ${sev}  ${c.dim(d.code)}  ${d.message}`;
}

/** Cut to a display width (汉字 count two columns). */
export function clip(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (stringWidth(flat) <= width) return flat;
  let out = '';
  for (const ch of flat) {
    if (stringWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** Break into lines of at most `width` display columns (汉字 count two); CJK text wraps anywhere. */
export function wrapWidth(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const ch of text.replace(/\s+/g, ' ').trim()) {
    const w = stringWidth(ch);
    if (used + w > width && line !== '') {
      lines.push(line);
      line = '';
      used = 0;
    }
    line += ch;
    used += w;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}
