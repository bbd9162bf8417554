import { beforeAll, describe, expect, it } from 'vitest';
import { loadCriteria } from '../../src/criteria/load-criteria.js';
import { compileEngine, type Engine } from '../../src/rules/compile-engine.js';
import { ROOT } from '../helpers.js';

let engine: Engine;

beforeAll(async () => {
  const loaded = await loadCriteria(['criteria'], { cwd: ROOT });
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  engine = compileEngine(loaded.criteria!, { asOf: '2026-12-08' });
});

describe('AQ 3067-2026 (metadata only) stands in 121号 化工 from 2026-09-30', () => {
  const text = '液化石油气全压力式球罐未设置注水措施';

  it('before 2026-09-30 a 化工 finding meeting a 121号 item is major', () => {
    const d = engine.decide({ text, industry: '化工', date: '2026-09-29' });
    expect(d.determination).toBe('major');
    expect(d.matches.map((m) => m.ruleId)).toContain('saws-2017-121-chem/6');
  });

  it('on and after 2026-09-30 the same finding is 待核实, noting that the current edition is not held', () => {
    for (const date of ['2026-09-30', '2026-12-01']) {
      const d = engine.decide({ text, industry: '危险化学品', date });
      expect(d.determination).toBe('indeterminate');
      expect(d.matches).toEqual([]);
      const p = d.partial.find((m) => m.ruleId === 'saws-2017-121-chem/6');
      expect(p?.missing.at(-1)).toMatch(/^现行《化工和危险化学品生产经营企业重大生产安全事故隐患判定准则》（AQ 3067-2026）条文未收录/);
      expect(JSON.stringify(engine.decideNaive({ text, industry: '危险化学品', date }))).toBe(JSON.stringify(d));
    }
  });

  it('a 化工 finding no 121号 item touches stays not major after the switch', () => {
    expect(engine.decide({ text: '办公楼走廊灯管损坏', industry: '化工', date: '2026-10-15' }).determination).toBe('not-major');
  });

  it('the 烟花爆竹 part of 121号 is unaffected: still decided, major, no stand-in note', () => {
    const fw = '烟花爆竹生产企业工房内超过核定人数作业';
    for (const date of ['2026-09-29', '2026-10-15']) {
      const d = engine.decide({ text: fw, industry: '烟花爆竹', date });
      const ids = d.matches.map((m) => m.ruleId);
      expect(ids.some((id) => id.startsWith('saws-2017-121-fireworks/'))).toBe(true);
      expect(d.matches.every((m) => !m.missing.some((x) => x.includes('条文未收录')))).toBe(true);
    }
    expect(engine.industryStandards('烟花爆竹')).toEqual(['saws-2017-121-fireworks']);
  });
});
