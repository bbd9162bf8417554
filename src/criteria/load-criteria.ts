import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { parseYaml, positionOf, type YamlSource } from '../yaml/parse-yaml.js';
import { validateSchema } from '../yaml/schema-validator.js';
import { lintCriteria } from './lint-criteria.js';
import type { Criteria, Standard, StandardDef, VocabularyDef } from './types.js';

export interface LoadCriteriaOptions {
  cwd: string;
  /** Skip the semantic lint (the schema is always checked). */
  lint?: boolean;
  /**
   * Directory for a cache of validated criteria keyed by the sha256 of the files (and `cacheKey`): parsing and
   * validating the YAML dominates small runs (docs/bench-results.md). Validate and test never use it.
   */
  cacheDir?: string;
  /** Mixed into the cache key, e.g. the tool version, so a new release never reads an old cache. */
  cacheKey?: string;
}

export interface LoadCriteriaResult {
  /** Present when no error was found. */
  criteria?: Criteria;
  diagnostics: Diagnostic[];
  /** Parsed sources by file, for tools that need positions (criteria test). */
  sources: Map<string, YamlSource>;
}

/** Read → parse (positions kept) → schema → semantic lint. Any error leaves `criteria` undefined. */
export async function loadCriteria(paths: readonly string[], options: LoadCriteriaOptions): Promise<LoadCriteriaResult> {
  const diagnostics: Diagnostic[] = [];
  const files = await expandPaths(paths, options.cwd, diagnostics);
  const sources = new Map<string, YamlSource>();
  const cacheFile = options.cacheDir && diagnostics.length === 0 && files.length > 0 ? await cachePath(files, options) : undefined;
  if (cacheFile) {
    const cached = await readCache(cacheFile);
    if (cached) return { criteria: cached, diagnostics: [], sources };
  }
  const standards: Standard[] = [];
  const vocabularies: { file: string; def: VocabularyDef; src: YamlSource }[] = [];
  const hash = createHash('sha256');
  for (const abs of files) {
    const file = relative(options.cwd, abs) || abs;
    let bytes: Buffer;
    try {
      bytes = await readFile(abs);
    } catch (e) {
      diagnostics.push(fileError(file, 'criteria-unreadable', `无法读取规则文件：${e instanceof Error ? e.message : String(e)}`));
      continue;
    }
    hash.update(basename(abs)).update('\0').update(bytes);
    const parsed = parseYaml(file, bytes);
    diagnostics.push(...parsed.diagnostics);
    const src = parsed.source;
    if (!src) continue;
    sources.set(file, src);
    const kind = isVocabularyFile(abs) ? 'vocabulary' : 'standard';
    const schemaErrors = validateSchema(src, kind);
    diagnostics.push(...schemaErrors);
    if (schemaErrors.length > 0) continue;
    if (kind === 'vocabulary') {
      if (isVocabulary(src.value)) vocabularies.push({ file, def: src.value, src });
    } else if (isStandardDef(src.value)) {
      standards.push({ ...src.value, effective: src.value.effective ?? '', file, rules: src.value.rules ?? [] });
    }
  }
  if (files.length === 0 && diagnostics.length === 0) {
    diagnostics.push(fileError(paths.join(', ') || '.', 'criteria-none', '没有找到任何规则文件（*.yaml / *.yml）'));
  }
  const concepts = new Map<string, string[]>();
  for (const v of vocabularies) {
    for (const [name, terms] of Object.entries(v.def.concepts)) {
      if (concepts.has(name)) {
        diagnostics.push({
          code: 'concept-duplicate',
          severity: 'error',
          message: `概念 "${name}" 在多个词表文件中重复定义（概念名须全局唯一）`,
          location: { file: v.file, ...positionOf(v.src, ['concepts', name]) },
        });
      }
      concepts.set(name, terms);
    }
  }
  const aliases = new Map<string, string[]>();
  for (const v of vocabularies) {
    for (const [canonical, words] of Object.entries(v.def.aliases ?? {})) aliases.set(canonical, [...(aliases.get(canonical) ?? []), ...words]);
  }
  const criteria: Criteria = { standards, concepts, aliases, hash: hash.digest('hex'), files: files.map((f) => relative(options.cwd, f) || f) };
  if (options.lint !== false) diagnostics.push(...lintCriteria(criteria, sources));
  const ok = !diagnostics.some((d) => d.severity === 'error');
  if (ok && cacheFile) await writeCache(cacheFile, criteria);
  return ok ? { criteria, diagnostics, sources } : { diagnostics, sources };
}

async function cachePath(files: readonly string[], options: LoadCriteriaOptions): Promise<string | undefined> {
  const h = createHash('sha256').update(`${CACHE_FORMAT}\0${options.cacheKey ?? ''}\0${options.lint === false ? 'nolint' : 'lint'}`);
  try {
    for (const f of files) h.update(f).update('\0').update(await readFile(f)).update('\0');
  } catch {
    return undefined;
  }
  return join(options.cacheDir ?? '', `criteria-${h.digest('hex').slice(0, 32)}.json`);
}

// Bump when the cached shape changes.
const CACHE_FORMAT = 'criteria-cache-2';

async function readCache(file: string): Promise<Criteria | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || !('standards' in parsed) || !('concepts' in parsed) || !('hash' in parsed) || !('files' in parsed)) return undefined;
    const { standards, concepts, hash, files } = parsed;
    const aliases: unknown = 'aliases' in parsed ? parsed.aliases : [];
    if (!Array.isArray(standards) || !Array.isArray(concepts) || !Array.isArray(aliases) || typeof hash !== 'string' || !Array.isArray(files)) return undefined;
    return { standards: standards.filter(isStandard), concepts: new Map(concepts.filter(isConceptEntry)), aliases: new Map(aliases.filter(isConceptEntry)), hash, files: files.map(String) };
  } catch {
    return undefined;
  }
}

async function writeCache(file: string, criteria: Criteria): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    const body = JSON.stringify({ ...criteria, concepts: [...criteria.concepts.entries()], aliases: [...(criteria.aliases ?? new Map()).entries()] });
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, body);
    await rename(tmp, file);
  } catch {
    // A cache that cannot be written only costs speed.
  }
}

function isStandard(v: unknown): v is Standard {
  return typeof v === 'object' && v !== null && 'id' in v && 'rules' in v && 'file' in v;
}

function isConceptEntry(v: unknown): v is [string, string[]] {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && Array.isArray(v[1]);
}

async function expandPaths(paths: readonly string[], cwd: string, diagnostics: Diagnostic[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let info;
    try {
      info = await stat(abs);
    } catch {
      diagnostics.push(fileError(p, 'criteria-not-found', '路径不存在'));
      continue;
    }
    if (info.isDirectory()) {
      const entries = (await readdir(abs)).filter((f) => /\.ya?ml$/i.test(f)).sort();
      if (entries.length === 0) diagnostics.push(fileError(p, 'criteria-none', '目录中没有任何规则文件（*.yaml / *.yml）'));
      out.push(...entries.map((f) => join(abs, f)));
    } else {
      if (!/\.ya?ml$/i.test(extname(abs))) {
        diagnostics.push({ code: 'criteria-extension', severity: 'warning', message: '规则文件扩展名应为 .yaml', location: { file: p, line: 1, col: 1 } });
      }
      out.push(abs);
    }
  }
  return [...new Set(out)];
}

function isVocabularyFile(path: string): boolean {
  return basename(path).startsWith('_');
}

// Schema validation has already established the shape; these guards only narrow `unknown` for the compiler.
function isStandardDef(v: unknown): v is StandardDef {
  return typeof v === 'object' && v !== null && 'id' in v && 'industries' in v;
}

function isVocabulary(v: unknown): v is VocabularyDef {
  return typeof v === 'object' && v !== null && 'concepts' in v;
}

function fileError(file: string, code: string, message: string): Diagnostic {
  return { code, severity: 'error', message, location: { file, line: 1, col: 1 } };
}
