import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Diagnostic } from '../diagnostic.js';
import { positionOf, type YamlSource } from './parse-yaml.js';

const schemaDir = new URL('../../schema/', import.meta.url);

type SchemaKind = 'standard' | 'vocabulary' | 'config';

let compiled: Record<SchemaKind, ValidateFunction> | undefined;

// Compiled once per process: ajv compilation costs more than validating every shipped file.
function validators(): Record<SchemaKind, ValidateFunction> {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: true });
  const load = (name: string): object => {
    const parsed: unknown = JSON.parse(readFileSync(new URL(name, schemaDir), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) throw new Error(`schema ${name} is not an object`);
    return parsed;
  };
  compiled = {
    standard: ajv.compile(load('criteria.schema.json')),
    vocabulary: ajv.compile(load('vocabulary.schema.json')),
    config: ajv.compile(load('config.schema.json')),
  };
  return compiled;
}

/** Validate a parsed criteria, vocabulary or config file against the shipped JSON Schema; Chinese, located diagnostics. */
export function validateSchema(src: YamlSource, kind: SchemaKind): Diagnostic[] {
  const validate = validators()[kind];
  if (validate(src.value)) return [];
  const errors = dedupe(validate.errors ?? []);
  return errors.map((e) => toDiagnostic(src, e));
}

function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  const out: ErrorObject[] = [];
  const sorted = [...errors].sort((a, b) => a.instancePath.localeCompare(b.instancePath));
  for (const e of sorted) {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

function toDiagnostic(src: YamlSource, e: ErrorObject): Diagnostic {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const where = path.length ? path.join('.') : '（根）';
  const params: Record<string, unknown> = e.params;
  let code = `schema-${e.keyword}`;
  let message: string;
  let key: string | undefined;
  switch (e.keyword) {
    case 'required':
      code = 'schema-required';
      message = `${where}：缺少必填字段 "${String(params['missingProperty'])}"`;
      break;
    case 'additionalProperties':
      code = 'schema-unknown-key';
      key = String(params['additionalProperty']);
      message = `${where}：未知字段 "${key}"（拼写错误或缩进错位？）`;
      break;
    case 'type':
      message = `${where}：类型错误，应为 ${typeName(String(params['type']))}`;
      break;
    case 'enum':
      message = `${where}：取值无效，应为 ${(Array.isArray(params['allowedValues']) ? params['allowedValues'] : []).join(' / ')} 之一`;
      break;
    case 'pattern':
      message = /\\d\{4\}/.test(String(params['pattern']))
        ? `${where}：日期格式应为 YYYY-MM-DD（并加引号或不加均可）`
        : `${where}：格式不符（应匹配 ${String(params['pattern'])}）`;
      break;
    case 'minItems':
      message = `${where}：至少需要 ${String(params['limit'])} 项`;
      break;
    case 'minLength':
      message = `${where}：不能为空（至少 ${String(params['limit'])} 个字符）`;
      break;
    case 'minProperties':
      message = `${where}：不能为空对象`;
      break;
    case 'propertyNames':
      message = `${where}：名称无效（概念名不能含 @ 或空白）`;
      break;
    case 'minimum':
    case 'maximum':
      message = `${where}：数值超出范围（${e.keyword === 'minimum' ? '最小' : '最大'} ${String(params['limit'])}）`;
      break;
    default:
      message = `${where}：不符合规则文件格式（${e.keyword}）`;
  }
  const pos = positionOf(src, path, key);
  return { code, severity: 'error', message, location: { file: src.file, line: pos.line, col: pos.col } };
}

function typeName(t: string): string {
  const names: Record<string, string> = {
    string: '字符串',
    number: '数字',
    integer: '整数',
    boolean: '布尔值（true/false）',
    object: '映射（键: 值）',
    array: '列表（- 项）',
  };
  return names[t] ?? t;
}
