import type { Command } from 'commander';
import { EXIT, UsageError, type ExitCode } from '../errors.js';
import type { CliContext } from './context.js';
import { parseDate } from './inputs.js';
import { loadEngine } from './load-engine.js';
import { resolveSettings, type CommonFlags } from './settings.js';

interface ExplainOptions extends CommonFlags {
  date?: string;
  format: string;
  limit: string;
}

const FORMATS = ['text', 'json'] as const;

/** `hazard explain "<finding>"`: the decision trace of one finding, for a consultant checking one line. */
export function registerExplain(program: Command, ctx: CliContext, run: (p: Promise<ExitCode>) => void): void {
  program
    .command('explain')
    .description('逐步说明一条隐患描述的判定过程：适用版本、行业识别、识别到的词、否定、数量、接近命中的条款及所缺要件')
    .argument('<finding>', '隐患描述（一条）')
    .option('--industry <industry>', '所属行业，如 机械制造')
    .option('--date <date>', '发现日期 YYYY-MM-DD（决定适用的标准版本，默认今天）')
    .option('-c, --criteria <paths...>', '判定标准规则文件或目录')
    .option('--config <file>', '企业配置文件')
    .option('-f, --format <format>', 'text | json', 'text')
    .option('--limit <n>', '列出的相关条款数', '8')
    .addHelpText('after', '\n示例：\n  hazard explain "航吊急停按钮按下去不断电，还在用" --industry 钢结构 --date 2025-02-19\n  hazard explain "有限空间作业无监护人" --format json\n')
    .action((finding: string, opts: ExplainOptions) => run(explain(ctx, finding, opts)));
}

async function explain(ctx: CliContext, finding: string, opts: ExplainOptions): Promise<ExitCode> {
  if (finding.trim() === '') throw new UsageError('请给出一条隐患描述');
  if (!(FORMATS as readonly string[]).includes(opts.format)) throw new UsageError(`--format 取值无效："${opts.format}"（可用：${FORMATS.join(' | ')}）`);
  const limit = Number.parseInt(opts.limit, 10);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit 应为正整数，收到 "${opts.limit}"`);
  const date = opts.date ? parseDate(opts.date, '--date') : ctx.today;
  const settings = await resolveSettings(ctx, opts);
  const { engine } = await loadEngine(ctx, settings, date);
  const industry = opts.industry ?? settings.industry;
  const trace = engine.trace({ text: finding, date, ...(industry ? { industry } : {}) }, limit);
  if (opts.format === 'json') ctx.stdout(`${JSON.stringify({ schemaVersion: '1.0', tool: { name: 'hazard-toolkit' }, ...trace }, null, 2)}\n`);
  else {
    const { formatExplainText } = await import('../formats/explain-text.js');
    ctx.stdout(formatExplainText(trace, ctx.color));
  }
  return EXIT.ok;
}
