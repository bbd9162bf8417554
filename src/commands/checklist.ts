import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError, type ExitCode } from '../errors.js';
import type { CliContext } from './context.js';
import { assertWritable, outputFormat, parseDate, removeStaleTemps, STDOUT } from './inputs.js';
import { loadEngine } from './load-engine.js';
import { resolveSettings, type CommonFlags } from './settings.js';
import { VERSION_HOLDER } from './version.js';

interface ChecklistOptions extends CommonFlags {
  output?: string;
  format?: string;
  asOf?: string;
}

/** `hazard checklist`: the 自查清单 of every clause that applies to the enterprise. */
export function registerChecklist(program: Command, ctx: CliContext, run: (p: Promise<ExitCode>) => void): void {
  program
    .command('checklist')
    .description('按企业行业与属性生成重大事故隐患自查清单（xlsx/md/json）')
    .option('--config <file>', '企业配置文件（默认：向上查找 hazard.config.yaml）')
    .option('--no-config', '不使用任何配置文件（不向上查找）')
    .option('--industry <industry>', '所属行业（多个用、分隔），如 化工')
    .option('--attr <attributes...>', '企业属性，如 涉氨制冷 粉尘涉爆 有限空间')
    .option('--org <name>', '企业名称')
    .option('-c, --criteria <paths...>', '判定标准规则文件或目录')
    .option('--as-of <date>', '清单日期：选用当日施行的标准版本（默认今天）')
    .option('-o, --output <file>', '输出文件（.xlsx / .md / .json）；省略或 - 则写到标准输出')
    .option('-f, --format <format>', 'xlsx | md | json（默认按扩展名；须与扩展名一致）')
    .action((opts: ChecklistOptions) => run(checklist(ctx, opts)));
}

async function checklist(ctx: CliContext, opts: ChecklistOptions): Promise<ExitCode> {
  const asOf = opts.asOf ? parseDate(opts.asOf, '--as-of') : ctx.today;
  const settings = await resolveSettings(ctx, opts);
  const industries = (settings.industry ?? '').split(/[、,，;；\s]+/).filter((x) => x !== '');
  if (industries.length === 0) throw new UsageError('请用 --industry 或配置文件 enterprise.industries 指定所属行业');
  const output = opts.output ?? STDOUT;
  const toStdout = output === STDOUT;
  const format = outputFormat(output, opts.format, ['xlsx', 'md', 'json'], 'md');
  if (!toStdout) await assertWritable(output, ctx.cwd);
  if (!toStdout) await removeStaleTemps(ctx, output);
  const { criteria } = await loadEngine(ctx, settings, asOf);
  const { selectClauses } = await import('../checklist/select-clauses.js');
  const { writeChecklistXlsx, formatChecklistMd, formatChecklistJson } = await import('../checklist/write-checklist.js');
  // An attribute no clause is conditioned on changes nothing: say so rather than let a typo pass silently.
  const known = new Set(criteria.standards.flatMap((s) => s.rules.flatMap((r) => r.applies?.attributes ?? [])));
  const unknown = settings.attributes.filter((a) => ![...known].some((k) => k.includes(a) || a.includes(k)));
  if (unknown.length) ctx.stderr(`警告：企业属性 ${unknown.map((a) => `“${a}”`).join('、')} 不是任何已收录条款的适用条件，未起作用（可用：${[...known].join('、')}）\n`);
  const selection = selectClauses(criteria, { industries, attributes: settings.attributes, asOf });
  const meta = {
    ...(settings.org ? { enterprise: settings.org } : {}),
    ...(settings.config.enterprise?.uscc ? { uscc: settings.config.enterprise.uscc } : {}),
    industries,
    attributes: settings.attributes,
    asOf,
    criteriaHash: criteria.hash,
    config: settings.configLabel,
    version: VERSION_HOLDER.version,
  };
  const count = selection.standards.reduce((n, s) => n + s.rules.length, 0);
  const { writeFileAtomic, openAtomicStream, outputError } = await import('../writers/atomic-write.js');
  if (count === 0) {
    // An empty checklist is not a checklist: nothing is written, and the exit code says so.
    throw new UsageError(`行业“${industries.join('、')}”${settings.attributes.length ? `（属性：${settings.attributes.join('、')}）` : ''}没有适用的已收录条款，未生成清单（用 hazard criteria list 查看行业名称）${selection.metadataOnly.length ? `；适用但条文未收录的标准：${selection.metadataOnly.map((m) => `${m.title}（${m.docNumber}）`).join('、')}` : ''}`);
  }
  if (format === 'xlsx') {
    const target = resolve(ctx.cwd, output);
    const sink = toStdout ? { stream: ctx.stdoutStream, commit: async () => undefined, abort: async () => undefined } : openAtomicStream(target, { owner: String(ctx.pid) });
    try {
      await writeChecklistXlsx(sink.stream, selection, meta);
      await sink.commit();
    } catch (e) {
      await sink.abort();
      throw outputError(e, target);
    }
  } else {
    const text = format === 'json' ? formatChecklistJson(selection, meta) : formatChecklistMd(selection, meta);
    if (!toStdout) await writeFileAtomic(resolve(ctx.cwd, output), text, { owner: String(ctx.pid) });
    else ctx.stdout(text);
  }
  if (!toStdout) {
    const per = selection.standards.map((s) => `${s.standard.title} ${s.rules.length} 条`).join('；');
    ctx.stdout(`已写入 ${opts.output}：${count} 条（${per || '无'}）${selection.metadataOnly.length ? `；另有 ${selection.metadataOnly.length} 个标准条文未收录，已在封面列出` : ''}\n`);
  }
  return EXIT.ok;
}
