import { LineCounter, parseDocument, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostic.js';

/** A parsed YAML document that can point back to line:col for any JSON path. */
export interface YamlSource {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  value: unknown;
}

export interface YamlParseResult {
  source?: YamlSource;
  diagnostics: Diagnostic[];
}

// An alias bomb expands exponentially; yaml counts alias resolutions and throws past this.
const MAX_ALIAS_COUNT = 200;

/** Parse YAML text strictly (duplicate keys are errors) and keep positions for diagnostics. */
export function parseYaml(file: string, bytes: Uint8Array): YamlParseResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { diagnostics: [err(file, 1, 1, 'yaml-encoding', '文件不是有效的 UTF-8 编码（规则文件须以 UTF-8 保存）')] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '' || /^(\s*#.*\n?)*\s*$/.test(text)) {
    return { diagnostics: [err(file, 1, 1, 'yaml-empty', '文件为空，没有任何内容')] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    const pos = lineCounter.linePos(e.pos[0]);
    diagnostics.push(err(file, pos.line, pos.col, yamlCode(e.code), yamlMessage(e.code, e.message)));
  }
  // A tag outside YAML's core schema (!!js/function, !!python/object, !custom) would be read as a plain string
  // with only a warning: in a rules or config file it is an error, so nothing is taken for what it is not.
  for (const w of doc.warnings) {
    const pos = lineCounter.linePos(w.pos[0]);
    const tag = (/tag:?\s*(\S+)/i.exec(w.message)?.[1] ?? '').replace('tag:yaml.org,2002:', '!!');
    diagnostics.push(err(file, pos.line, pos.col, w.code === 'TAG_RESOLVE_FAILED' ? 'yaml-custom-tag' : 'yaml-invalid', w.code === 'TAG_RESOLVE_FAILED' ? `不允许自定义 YAML 标签${tag ? ` ${tag}` : ''}（如 !!js/function、!!python/…）：规则和配置文件只能用普通的字符串、数字、列表和映射` : `YAML 警告：${w.message}`));
  }
  if (diagnostics.length > 0) return { diagnostics };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const code = /alias/i.test(msg) ? 'yaml-alias-bomb' : 'yaml-invalid';
    const text = code === 'yaml-alias-bomb' ? `别名（alias）展开次数过多，疑似别名炸弹，已拒绝解析` : `无法解析：${msg}`;
    return { diagnostics: [err(file, 1, 1, code, text)] };
  }
  if (value === null || value === undefined) {
    return { diagnostics: [err(file, 1, 1, 'yaml-empty', '文件为空，没有任何内容')] };
  }
  return { source: { file, doc, lineCounter, value }, diagnostics };
}

/** Line and column of the node at a JSON path; for a missing key, its parent. `key` points at the key itself. */
export function positionOf(src: YamlSource, path: readonly (string | number)[], key?: string): { line: number; col: number } {
  let node: unknown = src.doc.contents;
  let best: Node | undefined = isNodeLike(node) ? node : undefined;
  for (const seg of path) {
    const next = childOf(node, seg);
    if (next === undefined) break;
    node = next;
    if (isNodeLike(next)) best = next;
  }
  if (key !== undefined && isMap(node)) {
    for (const item of node.items) {
      if (isPair(item) && isScalar(item.key) && String(item.key.value) === key && item.key.range) {
        return src.lineCounter.linePos(item.key.range[0]);
      }
    }
  }
  const offset = best?.range?.[0] ?? 0;
  return src.lineCounter.linePos(offset);
}

function childOf(node: unknown, seg: string | number): unknown {
  if (isMap(node)) {
    for (const item of node.items) {
      if (isPair(item) && isScalar(item.key) && String(item.key.value) === String(seg)) return item.value ?? undefined;
    }
    return undefined;
  }
  if (isSeq(node) && typeof seg === 'number') return node.items[seg];
  return undefined;
}

function isNodeLike(x: unknown): x is Node {
  return isMap(x) || isSeq(x) || isScalar(x);
}

function yamlCode(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'yaml-duplicate-key';
    case 'TAB_AS_INDENT':
      return 'yaml-tab-indent';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
      return 'yaml-syntax';
    default:
      return 'yaml-syntax';
  }
}

function yamlMessage(code: string, raw: string): string {
  const first = raw.split('\n')[0] ?? raw;
  switch (code) {
    case 'DUPLICATE_KEY':
      return `重复的键：同一层级中键名必须唯一（${first}）`;
    case 'TAB_AS_INDENT':
      return 'YAML 不允许用制表符（Tab）缩进，请改用空格';
    case 'BAD_INDENT':
      return `缩进错误：${first}`;
    default:
      return `YAML 语法错误：${first}`;
  }
}

function err(file: string, line: number, col: number, code: string, message: string): Diagnostic {
  return { code, severity: 'error', message, location: { file, line, col } };
}
