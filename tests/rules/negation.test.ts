import { describe, expect, it } from 'vitest';
import { negationAt } from '../../src/rules/negation.js';
import { normaliseText } from '../../src/text/normalise.js';

function negated(text: string, term: string): string | undefined {
  const t = normaliseText(text);
  const p = t.indexOf(term);
  if (p < 0) throw new Error(`${term} not in ${t}`);
  return negationAt(t, p, p + term.length);
}

describe('negationAt', () => {
  it.each([
    ['布袋除尘器未设置泄爆片', '泄爆'],
    ['除尘器无泄压口', '泄压'],
    ['除尘系统泄爆装置缺失', '泄爆'],
    ['CO报警器失效', 'co报警'],
    ['可燃气体报警未与风机联锁', '联锁'],
    ['没有监护人', '监护'],
    ['作业审批手续不全', '审批'],
    // colloquial: 没装 / 没设 before the device, 没有 / 未装 after it
    ['煤气加压机房没装CO报警器', 'co报警'],
    ['有限空间入口没设警示标识', '警示'],
    ['出铝口锁紧装置没有', '锁紧'],
    ['喷漆车间可燃气体报警仪未装', '报警仪'],
  ])('%s: %s is negated', (text, term) => expect(negated(text, term)).toBeDefined());

  it.each([
    ['除尘器无积灰，泄爆片完好', '泄爆'],
    ['泄爆口朝向安全区域', '泄爆'],
    ['已设置CO报警器并联锁风机', 'co报警'],
    // 没 inside 淹没 / 沉没 is not a negation
    ['泵房被淹没后排水泵已启动', '排水泵'],
  ])('%s: %s is not negated', (text, term) => expect(negated(text, term)).toBeUndefined());
});
