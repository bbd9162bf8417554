import { describe, expect, it } from 'vitest';
import { rowHeightFor, textWidth, wrappedLines } from '../../src/writers/xlsx-look.js';

describe('row heights for wrapped text', () => {
  it('counts CJK and full-width characters double', () => {
    expect(textWidth('abc')).toBe(3);
    expect(textWidth('隐患（一）')).toBe(10);
  });

  it('wraps by column width and explicit line breaks', () => {
    expect(wrappedLines('熔炼炉冷却水系统未设置出水温度及进出水流量差监测报警装置', 30)).toBe(2);
    expect(wrappedLines('一\n二\n三', 30)).toBe(3);
    expect(wrappedLines('', 10)).toBe(1);
  });

  it('one line needs no height; more lines get 13.5 pt each plus padding; a minimum keeps room to write', () => {
    expect(rowHeightFor([{ text: '短', width: 30 }])).toBeUndefined();
    expect(rowHeightFor([{ text: '熔炼炉冷却水系统未设置出水温度及进出水流量差监测报警装置', width: 30 }])).toBe(31);
    expect(rowHeightFor([{ text: '短', width: 30 }], 3)).toBe(44.5);
    expect(rowHeightFor([{ text: '长'.repeat(10_000), width: 10 }])).toBe(409);
  });
});
