import { beforeAll, describe, expect, it } from 'vitest';
import { loadCriteria } from '../../src/criteria/load-criteria.js';
import { compileEngine, type Engine } from '../../src/rules/compile-engine.js';
import { ROOT } from '../helpers.js';

let engine: Engine;

beforeAll(async () => {
  const loaded = await loadCriteria(['fixtures/criteria-valid'], { cwd: ROOT });
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  engine = compileEngine(loaded.criteria!, { asOf: '2024-06-30' });
});

describe('decide', () => {
  it('finds a major hazard with the clause and the evidence that decided it', () => {
    const d = engine.decide({ text: '3#冷库速冻间内同时作业十二人', industry: '食品加工', date: '2024-03-01' });
    expect(d.determination).toBe('major');
    expect(d.matches).toHaveLength(1);
    expect(d.matches[0]).toMatchObject({ ruleId: 'mini-std/12.2', clause: '12.2', citation: '第十二条第（二）项', docNumber: '测试令第1号' });
    expect(d.matches[0]!.evidence.map((e) => e.text)).toEqual(['速冻', '十二人']);
  });

  it('is indeterminate, naming what is missing, when the number is not written', () => {
    const d = engine.decide({ text: '速冻间作业人员较多', date: '2024-03-01' });
    expect(d.determination).toBe('indeterminate');
    expect(d.partial[0]).toMatchObject({ ruleId: 'mini-std/12.2', missing: ['作业人员超过9人'] });
  });

  it('is not major when the number is below the threshold or a near-miss exclusion applies', () => {
    expect(engine.decide({ text: '速冻间作业人员6人', date: '2024-03-01' }).determination).toBe('not-major');
    expect(engine.decide({ text: '湿式除尘器未设泄爆', date: '2024-03-01' }).determination).toBe('not-major');
  });

  it('applies the edition in force on the found date', () => {
    const text = '打磨间除尘器未设泄爆口';
    expect(engine.decide({ text, date: '2020-06-01' }).matches.map((m) => m.ruleId)).toEqual(['mini-old/3']);
    expect(engine.decide({ text, date: '2023-05-15' }).matches.map((m) => m.ruleId)).toEqual(['mini-std/11.3']);
    // No date: the as-of date picks the edition.
    expect(engine.decide({ text }).matches.map((m) => m.ruleId)).toEqual(['mini-std/11.3']);
  });

  it('maps free-text industries to standards by synonym', () => {
    expect(engine.industryStandards('速冻食品制造')).toEqual(['mini-std', 'mini-old']);
    expect(engine.industryStandards('房屋建筑施工')).toBeUndefined();
  });

  it('gives identical results to the naive per-rule loop', () => {
    const words = ['速冻', '速冻间', '除尘器', '泄爆', '泄压口', '未设置', '缺失', '湿式除尘', '作业', '人员', '12人', '十五名', '6人', '，', '无', '3#', '较多', '超过9人', '完好'];
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: 2 + rand(8) }, () => words[rand(words.length)]).join('');
      const date = ['2020-01-01', '2024-01-01'][rand(2)];
      const a = engine.decide({ text, date });
      const b = engine.decideNaive({ text, date });
      expect(a, text).toEqual(b);
    }
  });
});

describe('industry selection on the bundled criteria', () => {
  let full: Engine;
  beforeAll(async () => {
    const loaded = await loadCriteria(['criteria'], { cwd: ROOT });
    full = compileEngine(loaded.criteria!, { asOf: '2026-12-01' });
  });

  it('a specific industry phrase wins over a general synonym inside it; separate mentions all count', () => {
    expect(full.industryStandards('烟花爆竹零售')).toEqual(['saws-2017-121-fireworks']);
    expect(full.industryStandards('烟花爆竹')).toEqual(['saws-2017-121-fireworks']);
    expect(full.industryStandards('机械制造、食品加工')).toEqual(expect.arrayContaining(['mem-2023-10']));
    expect(full.industryStandards('餐饮')).toBeUndefined();
  });

  it('umbrella words and GB/T 4754-2017 names select their sectors (工贸 → 令第10号 all 8 sectors)', () => {
    expect(full.industryStandards('工贸')).toEqual(expect.arrayContaining(['mem-2023-10', 'saws-2017-129']));
    const sectors = [...(full.resolver.resolve('工贸企业')?.values() ?? [])].map((names) => names.size);
    expect(sectors).toEqual([8, 8]);
    expect(full.industryStandards('危化')).toEqual(['aq-3067-2026-chem', 'saws-2017-121-chem']);
    expect(full.industryStandards('非煤矿山')).toEqual(expect.arrayContaining(['kan-2022-88-nonmetal']));
    expect(full.industryStandards('金属制品业')).toEqual(expect.arrayContaining(['mem-2023-10']));
    expect(full.industryStandards('橡胶和塑料制品业')).toEqual(expect.arrayContaining(['mem-2023-10']));
    expect(full.industryStandards('燃气生产和供应业')).toEqual(['jcg-2023-4-gas']);
  });

  it('an industry the resolver does not recognise never switches sector clauses off: like no industry, every clause is tried', () => {
    const text = '窑炉区域易燃易爆气体聚集区域未设置监测报警装置';
    const none = full.decide({ text, date: '2020-10-15' });
    const restaurant = full.decide({ text, industry: '餐饮', date: '2020-10-15' });
    const building = full.decide({ text, industry: '水泥', date: '2020-10-15' });
    expect(none.matches.map((m) => m.ruleId)).toContain('saws-2017-129/6.3');
    expect(restaurant.matches.map((m) => m.ruleId)).toContain('saws-2017-129/6.3');
    expect(building.matches.map((m) => m.ruleId)).toContain('saws-2017-129/6.3');
  });

  it('engine and naive loop agree on the bundled criteria', () => {
    for (const f of [
      { text: '液氨储罐区未设置紧急切断阀', industry: '化工' },
      { text: '煤气加压机房未设置一氧化碳报警装置', industry: '钢铁' },
      { text: '灭火器压力不足' },
      { text: '核定载员18人，救生筏超期未检验', industry: '渔业' },
    ]) expect(JSON.stringify(full.decide(f))).toBe(JSON.stringify(full.decideNaive(f)));
  });
});

describe('an edition in force without established clauses', () => {
  it('GB 35181-2025 (metadata only) is stood in for by GB 35181-2017: what the old clause says comes back 待核实, with a note', async () => {
    const loaded = await loadCriteria(['criteria'], { cwd: ROOT });
    const real = compileEngine(loaded.criteria!, { asOf: '2026-12-01' });
    const text = '商场安全出口数量不足且总净宽度小于规定值的80%';
    const before = real.decide({ text, industry: '商场', date: '2025-03-01' });
    expect(before.determination).toBe('major');
    expect(before.matches.map((m) => m.ruleId)).toContain('gb-35181-2017/6.5');
    const after = real.decide({ text, industry: '商场', date: '2026-03-01' });
    expect(after.determination).toBe('indeterminate');
    expect(after.matches).toEqual([]);
    const p = after.partial.find((m) => m.ruleId === 'gb-35181-2017/6.5');
    expect(p?.missing.at(-1)).toMatch(/^现行《.*》（GB 35181-2025）条文未收录/);
    // The naive loop agrees (the engine/naive identity the benchmark relies on).
    expect(JSON.stringify(real.decideNaive({ text, industry: '商场', date: '2026-03-01' }))).toBe(JSON.stringify(after));
    // A finding no fire clause touches stays not major after the switch.
    expect(real.decide({ text: '员工未佩戴安全帽', industry: '商场', date: '2026-03-01' }).determination).toBe('not-major');
  });
});

describe('an industry element', () => {
  it('is met by the row’s 所属行业 when the text does not say it; no industry (or another one) does not meet it', async () => {
    const { mkdtempSync, readFileSync, writeFileSync, copyFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'hazard-industry-node-'));
    copyFileSync(join(ROOT, 'fixtures/criteria-valid/_vocabulary.yaml'), join(dir, '_vocabulary.yaml'));
    copyFileSync(join(ROOT, 'fixtures/criteria-valid/old-edition.yaml'), join(dir, 'old-edition.yaml'));
    const mini = readFileSync(join(ROOT, 'fixtures/criteria-valid/mini.yaml'), 'utf8').replace(
      "        - has: ['@速冻']\n          label: 快速冻结装置\n",
      "        - any:\n            - has: ['@速冻']\n            - industry: [轻工]\n          label: 快速冻结装置或轻工企业\n",
    );
    writeFileSync(join(dir, 'mini.yaml'), mini);
    const loaded = await loadCriteria([dir], { cwd: dir, lint: true });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const e = compileEngine(loaded.criteria!, { asOf: '2024-06-30' });
    const text = '作业间内同时作业12人';
    const withIndustry = e.decide({ text, industry: '食品加工', date: '2024-03-01' });
    expect(withIndustry.determination).toBe('major');
    expect(withIndustry.matches[0]?.evidence.map((x) => x.text)).toContain('所属行业：轻工');
    expect(e.decide({ text, date: '2024-03-01' }).determination).toBe('not-major');
    expect(JSON.stringify(e.decideNaive({ text, industry: '食品加工', date: '2024-03-01' }))).toBe(JSON.stringify(withIndustry));
    // A sector the standard does not list is a located criteria error.
    writeFileSync(join(dir, 'mini.yaml'), mini.replace('industry: [轻工]', 'industry: [化工]'));
    const bad = await loadCriteria([dir], { cwd: dir, lint: true });
    expect(bad.diagnostics.find((d) => d.code === 'industry-unknown')?.location.line).toBeGreaterThan(1);
  });
});
