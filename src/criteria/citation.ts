import { parseWholeNumber } from '../text/numerals.js';

/** 十二 → 12, 二十三 → 23, 一百零五 → 105; Arabic digits pass through. */
export function chineseOrdinal(s: string): number | undefined {
  return /^\d+$/.test(s) ? Number(s) : parseWholeNumber(s);
}

const NUM = '[0-9零〇一二两三四五六七八九十百]+';

/**
 * The clause id a citation implies: 第十二条第（二）项 → 12.2, 第十四条 → 14, 第（四）项 / 第四项 → 4,
 * 4.6 e) → 4.6.e. Undefined when the citation has no recognisable number.
 */
export function citationToClause(citation: string, structure: 'article-item' | 'item-list' | 'gb-clause'): string | undefined {
  const c = citation.normalize('NFKC').replace(/\s+/g, '');
  if (structure === 'gb-clause') {
    const m = /^(\d+(?:\.\d+)*)(?:([a-z])\)?)?/.exec(c);
    if (!m || m[1] === undefined) return undefined;
    return m[2] ? `${m[1]}.${m[2]}` : m[1];
  }
  const parts: number[] = [];
  const article = new RegExp(`第(${NUM})条`).exec(c);
  if (article?.[1]) {
    const n = chineseOrdinal(article[1]);
    if (n === undefined) return undefined;
    parts.push(n);
  }
  const rest = article ? c.slice(article.index + article[0].length) : c;
  const itemRe = new RegExp(`第?\\(?(${NUM})\\)?项|\\((${NUM})\\)`, 'g');
  for (let m = itemRe.exec(rest); m; m = itemRe.exec(rest)) {
    const n = chineseOrdinal(m[1] ?? m[2] ?? '');
    if (n === undefined) return undefined;
    parts.push(n);
  }
  if (parts.length === 0 && structure === 'item-list') {
    const m = new RegExp(`^(${NUM})`).exec(c);
    if (m?.[1]) {
      const n = chineseOrdinal(m[1]);
      if (n !== undefined) parts.push(n);
    }
  }
  return parts.length ? parts.join('.') : undefined;
}
