import { Command, CommanderError } from 'commander';
import { createContext, type CliContext } from './commands/context.js';
import { registerCheck } from './commands/check.js';
import { outputProblem } from './commands/inputs.js';
import { registerChecklist } from './commands/checklist.js';
import { registerConfig } from './commands/config.js';
import { registerCriteria } from './commands/criteria.js';
import { registerExplain } from './commands/explain.js';
import { registerLedger } from './commands/ledger.js';
import { registerReport } from './commands/report.js';
import { VERSION_HOLDER } from './commands/version.js';
import { CriteriaError, EXIT, ExitError, InputError, OutputError, UsageError, type ExitCode } from './errors.js';

const VERSION = VERSION_HOLDER.version;

/** Builds the program. Every action reports through `run`, the single place that turns outcomes into exit codes. */
function buildProgram(ctx: CliContext, run: (p: Promise<ExitCode>) => void): Command {
  const program = new Command('hazard')
    .description('重大事故隐患判定 · 隐患整改台账 · 按期整改率报表')
    .version(VERSION, '-V, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .addHelpCommand('help [command]', '显示某个命令的帮助')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr });
  registerCheck(program, ctx, run);
  registerLedger(program, ctx, run);
  registerReport(program, ctx, run);
  registerChecklist(program, ctx, run);
  registerConfig(program, ctx, run);
  registerCriteria(program, ctx, run);
  registerExplain(program, ctx, run);
  for (const sub of program.commands) applyDefaults(sub, ctx);
  return program;
}

function applyDefaults(cmd: Command, ctx: CliContext): void {
  cmd.exitOverride().configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr }).showSuggestionAfterError(true);
  cmd.helpOption('-h, --help', '显示帮助');
  for (const sub of cmd.commands) applyDefaults(sub, ctx);
}

/** The error boundary: known errors become a one-line message and their exit code; unknown ones keep their stack. */
export async function main(argv: string[]): Promise<ExitCode> {
  const ctx = await createContext();
  let pending: Promise<ExitCode> | undefined;
  const program = buildProgram(ctx, (p) => {
    pending = p;
  });
  try {
    await program.parseAsync(argv);
    return pending ? await pending : EXIT.ok;
  } catch (e) {
    return handle(e, ctx);
  }
}

function handle(e: unknown, ctx: CliContext): ExitCode {
  if (e instanceof CommanderError) {
    // Help and version are not errors; every other commander error is a usage error (exit 2, never 1).
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    return EXIT.usage;
  }
  if (e instanceof ExitError) return e.exitCode;
  if (e instanceof UsageError) {
    ctx.stderr(`用法错误：${e.message}\n`);
    return EXIT.usage;
  }
  if (e instanceof CriteriaError) {
    ctx.stderr(`规则或配置错误：${e.message}\n`);
    return EXIT.usage;
  }
  if (e instanceof InputError) {
    ctx.stderr(`${e.file}：${e.message}\n`);
    return EXIT.input;
  }
  if (e instanceof OutputError) {
    // Named by the path the user gave; the temp file has already been removed by the writer.
    ctx.stderr(`无法写入输出文件 ${e.target}：${outputProblem(e.code, e.target) ?? `写入失败（${e.code}）`}\n`);
    return EXIT.usage;
  }
  // Inputs are wrapped as InputError where they are read; a bare file-system error here comes from writing an
  // output (-o, ledger, report): a missing directory or a read-only disk is the user's to fix, not a bug.
  const fsError = fileSystemError(e);
  if (fsError) {
    ctx.stderr(`无法写入输出文件：${fsError}\n`);
    return EXIT.usage;
  }
  const stack = e instanceof Error ? (e.stack ?? e.message) : String(e);
  ctx.stderr(`内部错误（请报告此问题）：\n${stack}\n`);
  return EXIT.internal;
}

function fileSystemError(e: unknown): string | undefined {
  if (!(e instanceof Error) || !('code' in e) || !('path' in e) || typeof e.path !== 'string' || typeof e.code !== 'string') return undefined;
  return outputProblem(e.code, e.path) ?? `${e.path}（${e.code}）`;
}
