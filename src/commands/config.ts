import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError, type ExitCode } from '../errors.js';
import type { CliContext } from './context.js';
import { resolveSettings, type CommonFlags } from './settings.js';

interface InitOptions {
  name?: string;
  uscc?: string;
  region?: string;
  industry?: string;
  attr?: string[];
  force?: boolean;
}

/** `hazard init` and `hazard config show`. */
export function registerConfig(program: Command, ctx: CliContext, run: (p: Promise<ExitCode>) => void): void {
  program
    .command('init')
    .description('在当前目录生成带注释的企业配置 hazard.config.yaml')
    .option('--name <name>', '企业名称')
    .option('--uscc <code>', '统一社会信用代码')
    .option('--region <region>', '所属区县')
    .option('--industry <industry>', '所属行业（多个用、分隔）')
    .option('--attr <attributes...>', '企业属性')
    .option('--force', '覆盖已有的配置文件')
    .action((opts: InitOptions) => run(init(ctx, opts)));

  const config = program.command('config').description('查看生效的配置');
  config
    .command('show')
    .description('逐项显示生效的设置及其来源（命令行 / 配置文件 / 默认值）')
    .option('--config <file>', '企业配置文件')
    .option('--no-config', '不使用任何配置文件（不向上查找）')
    .option('-c, --criteria <paths...>', '判定标准规则文件或目录')
    .option('--industry <industry>', '所属行业')
    .option('--org <name>', '企业名称')
    .option('--attr <attributes...>', '企业属性')
    .option('--format <format>', 'text | json', 'text')
    .action((opts: CommonFlags & { format: string }) => run(show(ctx, opts)));
}

async function init(ctx: CliContext, opts: InitOptions): Promise<ExitCode> {
  const target = resolve(ctx.cwd, 'hazard.config.yaml');
  const { stat } = await import('node:fs/promises');
  const exists = await stat(target).then(() => true, () => false);
  if (exists && !opts.force) throw new UsageError('hazard.config.yaml 已存在（用 --force 覆盖）');
  const { renderConfigTemplate } = await import('../config/config-template.js');
  await writeFile(target, renderConfigTemplate(opts));
  ctx.stdout(`已生成 hazard.config.yaml；编辑后用 hazard config show 查看生效的设置\n`);
  return EXIT.ok;
}

async function show(ctx: CliContext, opts: CommonFlags & { format: string }): Promise<ExitCode> {
  const settings = await resolveSettings(ctx, opts);
  if (opts.format === 'json') {
    ctx.stdout(`${JSON.stringify({ configFile: settings.configFile ?? null, settings: settings.provenance }, null, 2)}\n`);
    return EXIT.ok;
  }
  ctx.stdout(`配置文件：${settings.configFile ?? '（未找到，使用默认值）'}\n`);
  const { default: Table } = await import('cli-table3');
  const table = new Table({ head: ['设置', '值', '来源'], style: { head: [], border: [] }, wordWrap: true, colWidths: [24, 50, 40] });
  for (const p of settings.provenance) table.push([p.key, p.value, p.source]);
  ctx.stdout(`${table.toString()}\n`);
  return EXIT.ok;
}
