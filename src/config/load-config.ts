import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { CriteriaError } from '../errors.js';
import { parseYaml } from '../yaml/parse-yaml.js';
import { validateSchema } from '../yaml/schema-validator.js';
import type { HazardConfig } from './types.js';

export const CONFIG_NAMES = ['hazard.config.yaml', 'hazard.config.yml', '.hazard.yaml'];

export interface LoadedConfig {
  config: HazardConfig;
  /** Absolute path of the file, or undefined when none was found. */
  file?: string;
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
  const value = parsed.source.value;
  return { config: isConfig(value) ? value : {}, file, diagnostics };
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
