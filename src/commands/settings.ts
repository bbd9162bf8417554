import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { HazardConfig, Provenance, SignOff, Waiver } from '../config/types.js';
import type { MappingFile } from '../io/findings/mapping-file.js';
import type { ReadFindingsOptions } from '../io/findings/read-findings.js';
import { CriteriaError } from '../errors.js';
import { BUNDLED_CRITERIA, type CliContext } from './context.js';

/** Options every judging verb shares. */
export interface CommonFlags {
  /** A path, or false for `--no-config`. */
  config?: string | false;
  criteria?: string[];
  industry?: string;
  org?: string;
  attr?: string[];
}

/** Effective settings: flag, then config file, then default — each with where it came from. */
export interface Settings {
  criteria: string[];
  industry?: string;
  org?: string;
  region?: string;
  attributes: string[];
  rulesOff: Set<string>;
  waivers: Waiver[];
  highRisk?: boolean;
  config: HazardConfig;
  configFile?: string;
  /** Where a config value is written, for errors found once the criteria are loaded. */
  locateInConfig?: (path: readonly (string | number)[], key?: string) => { line: number; col: number };
  /** One line naming the config applied, for every output: "hazard.config.yaml" or "未使用配置文件". */
  configLabel: string;
  targetProfile: string;
  signoff: SignOff;
  provenance: Provenance[];
}

/** The config file as outputs name it: relative to the working directory when below it. */
export function configLabel(file: string | undefined, disabled: boolean, cwd: string): string {
  if (!file) return disabled ? '未使用配置文件（--no-config）' : '未使用配置文件（未找到 hazard.config.yaml）';
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}

export async function resolveSettings(ctx: CliContext, flags: CommonFlags): Promise<Settings> {
  const { loadConfig } = await import('../config/load-config.js');
  const loaded = flags.config === false ? { config: {}, diagnostics: [] } : await loadConfig(ctx.cwd, flags.config);
  if (loaded.diagnostics.some((d) => d.severity === 'error')) {
    const { formatDiagnosticsText } = await import('../formats/diagnostics-text.js');
    ctx.stderr(formatDiagnosticsText(loaded.diagnostics, ctx.color));
    throw new CriteriaError(`配置文件 ${loaded.file ?? ''} 有错误`, loaded.diagnostics);
  }
  const cfg = loaded.config;
  const cfgName = loaded.file ?? '';
  const provenance: Provenance[] = [
    { key: 'config', value: loaded.file ?? (flags.config === false ? '（--no-config：不使用配置文件）' : '（未找到配置文件）'), source: flags.config === false || flags.config ? '命令行参数' : loaded.file ? '向上查找' : '默认值' },
  ];
  const pick = <T>(key: string, flag: T | undefined, fromConfig: T | undefined, fallback: T | undefined, show: (v: T) => string): T | undefined => {
    if (flag !== undefined) {
      provenance.push({ key, value: show(flag), source: '命令行参数' });
      return flag;
    }
    if (fromConfig !== undefined && fromConfig !== '') {
      provenance.push({ key, value: show(fromConfig), source: cfgName });
      return fromConfig;
    }
    provenance.push({ key, value: fallback === undefined ? '（未设置）' : show(fallback), source: '默认值' });
    return fallback;
  };
  const base = loaded.file ? dirname(loaded.file) : ctx.cwd;
  const criteria =
    pick(
      'criteria',
      flags.criteria && flags.criteria.length ? flags.criteria : undefined,
      cfg.criteria?.map((p) => resolve(base, p)),
      [BUNDLED_CRITERIA],
      (v) => v.join(', '),
    ) ?? [BUNDLED_CRITERIA];
  const industry = pick('enterprise.industries', flags.industry, cfg.enterprise?.industries?.join('、'), undefined, (v) => v);
  const org = pick('enterprise.name', flags.org, cfg.enterprise?.name, undefined, (v) => v);
  const region = pick('enterprise.region', undefined, cfg.enterprise?.region, undefined, (v) => v);
  const attrs = [...(cfg.enterprise?.attributes ?? [])];
  if (cfg.enterprise?.majorHazardSourceLevel && cfg.enterprise.majorHazardSourceLevel !== '无') attrs.push('重大危险源');
  const attributes = pick('enterprise.attributes', flags.attr && flags.attr.length ? flags.attr : undefined, attrs.length ? attrs : undefined, [], (v) => v.join('、') || '（无）') ?? [];
  const highRisk = pick('enterprise.highRisk', undefined, cfg.enterprise?.highRisk, undefined, (v) => (v ? '是' : '否'));
  const rulesOff = new Set(Object.entries(cfg.rules ?? {}).filter(([, v]) => v.severity === 'off').map(([k]) => k));
  provenance.push({ key: 'rules', value: rulesOff.size ? `停用 ${[...rulesOff].join('、')}` : '（全部启用）', source: cfg.rules ? cfgName : '默认值' });
  const waivers = cfg.waivers ?? [];
  provenance.push({ key: 'waivers', value: waivers.length ? waivers.map((w) => `${w.rule}（至 ${w.expires}，${w.approver}）`).join('；') : '（无）', source: cfg.waivers ? cfgName : '默认值' });
  const targetProfile = pick('targets.profile', undefined, cfg.targets?.profile, 'national', (v) => v) ?? 'national';
  const signoff = cfg.signoff ?? {};
  provenance.push({ key: 'signoff', value: [signoff.preparer && `填表人 ${signoff.preparer}`, signoff.reviewer && `审核人 ${signoff.reviewer}`, signoff.date && `日期 ${signoff.date}`].filter(Boolean).join('；') || '（未设置）', source: cfg.signoff ? cfgName : '默认值' });
  return {
    criteria,
    targetProfile,
    signoff,
    configLabel: configLabel(loaded.file, flags.config === false, ctx.cwd),
    ...(industry !== undefined ? { industry } : {}),
    ...(org !== undefined ? { org } : {}),
    ...(region !== undefined ? { region } : {}),
    attributes,
    rulesOff,
    waivers,
    ...(highRisk !== undefined ? { highRisk } : {}),
    config: cfg,
    ...(loaded.file ? { configFile: loaded.file } : {}),
    ...(loaded.locate ? { locateInConfig: loaded.locate } : {}),
    provenance,
  };
}

/** How the judging verbs read workbooks: encoding and mapping flags, defaults from the settings, the reader thread. */
export function readOptions(ctx: CliContext, settings: Settings, encoding: string | undefined, mapping: MappingFile | undefined): ReadFindingsOptions {
  return {
    ...(encoding ? { encoding } : {}),
    // HAZARD_READ_WORKER=0 reads large workbooks on the main thread (tests compare both paths).
    ...(ctx.env['HAZARD_READ_WORKER'] === '0' ? { readInWorker: false } : {}),
    ...(mapping ? { mapping } : {}),
    defaults: {
      ...(settings.industry ? { industry: settings.industry } : {}),
      ...(settings.org ? { org_name: settings.org } : {}),
      ...(settings.region ? { region: settings.region } : {}),
    },
  };
}
