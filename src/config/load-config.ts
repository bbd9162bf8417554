import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { CriteriaError } from '../errors.js';
import { parseYaml, positionOf } from '../yaml/parse-yaml.js';
import { isIsoDay } from '../dates/calendar.js';
import { validateSchema } from '../yaml/schema-validator.js';
import type { HazardConfig } from './types.js';

export const CONFIG_NAMES = ['hazard.config.yaml', 'hazard.config.yml', '.hazard.yaml'];

export interface LoadedConfig {
  config: HazardConfig;
  /** Absolute path of the file, or undefined when none was found. */
  file?: string;
  /** Line and column of a value in the file (for errors found later, e.g. a waiver naming an unknown rule). */
  locate?: (path: readonly (string | number)[], key?: string) => { line: number; col: number };
}

/** Walk up from `cwd` to the first config file, stopping at a repository root (.git) or the filesystem root. */
export async function findConfig(cwd: string): Promise<string | undefined> {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = join(dir, name);
      if (await exists(candidate)) return candidate;
    }
    if (await exists(join(dir, '.git'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Load the config named by `--config`, else the one found by walking up. Unknown keys are errors with file:line:col. */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig & { diagnostics: Diagnostic[] }> {
  const file = explicit ? resolve(cwd, explicit) : await findConfig(cwd);
  if (!file) return { config: {}, diagnostics: [] };
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new CriteriaError(`配置文件不存在或无法读取：${explicit ?? file}`);
  }
  const parsed = parseYaml(file, bytes);
  const diagnostics = [...parsed.diagnostics];
  if (parsed.source) diagnostics.push(...validateSchema(parsed.source, 'config'));
  if (diagnostics.some((d) => d.severity === 'error') || !parsed.source) return { config: {}, file, diagnostics };
  const source = parsed.source;
  // A date the schema's pattern lets through but the calendar does not (2024-02-30 as a waiver's expiry) would
  // make the waiver last for ever or never: an error where it is written.
  walkStrings(source.value, [], (value, path) => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !isIsoDay(value)) {
      diagnostics.push({ code: 'config-date-invalid', severity: 'error', message: `日期“${value}”不存在（按公历核对年、月、日）`, location: { file, ...positionOf(source, path) } });
    }
  });
  if (diagnostics.some((d) => d.severity === 'error')) return { config: {}, file, diagnostics };
  const value = source.value;
  return { config: isConfig(value) ? value : {}, file, diagnostics, locate: (path, key) => positionOf(source, path, key) };
}

function walkStrings(v: unknown, path: (string | number)[], visit: (value: string, path: (string | number)[]) => void): void {
  if (typeof v === 'string') visit(v, path);
  else if (Array.isArray(v)) v.forEach((x, i) => walkStrings(x, [...path, i], visit));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walkStrings(x, [...path, k], visit);
}

// The schema has validated the shape; this only narrows `unknown`.
function isConfig(v: unknown): v is HazardConfig {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}
