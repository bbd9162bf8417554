/**
 * Near misses are never a silent 一般: when no clause decides a finding but its wording closely resembles one clause
 * (title, clause text, and the rule's own hit examples) and it says something is wrong, the clause is proposed as a
 * 待核实 candidate for a person to check. Similarity is TF-IDF over character bigrams — Chinese has no word boundaries,
 * and bigrams carry most of the meaning of technical compounds (泄爆, 联锁, 监护). This never decides 重大.
 */
import { normaliseText } from '../text/normalise.js';

export interface RetrievalDoc {
  /** Rule index in the engine. */
  rule: number;
  text: string;
}

const PUNCT = /[\s,，。;；:：!！?？、()（）[\]【】《》"“”'‘’\-—_/\\.·#0-9]/u;
const SKIP = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) if (PUNCT.test(String.fromCharCode(c))) SKIP[c] = 1;

/** Character bigrams as integers (hi × 65536 + lo) with their counts; punctuation and digits break a run. */
function bigrams(text: string): Map<number, number> {
  const out = new Map<number, number>();
  let prev = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (SKIP[c] === 1) {
      prev = -1;
      continue;
    }
    if (prev >= 0) {
      const g = prev * 0x10000 + c;
      out.set(g, (out.get(g) ?? 0) + 1);
    }
    prev = c;
  }
  return out;
}

export interface Retrieved {
  rule: number;
  score: number;
}

export class ClauseIndex {
  private readonly postings = new Map<number, { rules: Int32Array; weights: Float64Array; idf: number }>();
  private readonly norm: Float64Array;
  private readonly acc: Float64Array;
  private readonly touched: Int32Array;

  constructor(docs: readonly RetrievalDoc[], ruleCount: number) {
    const grams = docs.map((d) => ({ rule: d.rule, g: bigrams(normaliseText(d.text)) }));
    const df = new Map<number, number>();
    for (const { g } of grams) for (const k of g.keys()) df.set(k, (df.get(k) ?? 0) + 1);
    const n = grams.length;
    const lists = new Map<number, { rules: number[]; weights: number[] }>();
    this.norm = new Float64Array(ruleCount);
    for (const { rule, g } of grams) {
      let sq = 0;
      for (const [k, tf] of g) {
        const idf = Math.log(1 + n / (df.get(k) ?? 1));
        const w = (1 + Math.log(tf)) * idf;
        sq += w * w;
        // Bigrams in more than a tenth of the clauses (设置, 未按, 规定) rank nothing apart: they count in the norm
        // but are not looked up, which keeps a query to the few short posting lists that matter.
        if ((df.get(k) ?? 0) > Math.max(n / 10, 20)) continue;
        let list = lists.get(k);
        if (!list) lists.set(k, (list = { rules: [], weights: [] }));
        list.rules.push(rule);
        list.weights.push(w);
      }
      this.norm[rule] = Math.sqrt(sq);
    }
    for (const [k, l] of lists) this.postings.set(k, { rules: Int32Array.from(l.rules), weights: Float64Array.from(l.weights), idf: Math.log(1 + n / (df.get(k) ?? 1)) });
    this.acc = new Float64Array(ruleCount);
    this.touched = new Int32Array(ruleCount);
  }

  /** The best-scoring rules (cosine similarity) among those `allowed` admits, best first. */
  query(text: string, allowed: (rule: number) => boolean, k: number): Retrieved[] {
    const q = bigrams(text);
    let qsq = 0;
    let touchedCount = 0;
    for (const [g, tf] of q) {
      const p = this.postings.get(g);
      if (p === undefined) continue;
      const wq = (1 + Math.log(tf)) * p.idf;
      qsq += wq * wq;
      for (let i = 0; i < p.rules.length; i++) {
        const rule = p.rules[i] ?? 0;
        if (this.acc[rule] === 0) this.touched[touchedCount++] = rule;
        this.acc[rule] = (this.acc[rule] ?? 0) + wq * (p.weights[i] ?? 0);
      }
    }
    const out: Retrieved[] = [];
    const qn = Math.sqrt(qsq);
    for (let i = 0; i < touchedCount; i++) {
      const rule = this.touched[i] ?? 0;
      const dot = this.acc[rule] ?? 0;
      this.acc[rule] = 0;
      if (qn === 0 || !allowed(rule)) continue;
      const dn = this.norm[rule] ?? 0;
      if (dn > 0) out.push({ rule, score: dot / (qn * dn) });
    }
    out.sort((a, b) => b.score - a.score || a.rule - b.rule);
    return out.slice(0, k);
  }
}

/** Something is said to be wrong: absent, failed, exceeded, not done. A resemblance without it is not a near miss. */
export const DEFECT_CUE = /未|无|没|缺|坏|失效|失灵|故障|不|超|过期|拆|停|堵|封|漏|裂|断|私自|擅自|违规|违章|违反|少于|低于|小于|大于|高于|达到|仍|照常|继续/u;
