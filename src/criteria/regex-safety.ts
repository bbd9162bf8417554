/**
 * A linear-time restriction on criteria regexes, checked at `criteria validate` (and whenever criteria load).
 * Criteria regexes run on every row of every ledger with V8's backtracking engine, so a pattern that can match one
 * stretch of text in many ways — (a|aa)+, ((a+))+, \d+\d+ — makes a run hang. The rule, sound by construction:
 *
 * 1. a repetition that may run more than once never repeats something that can itself grow without bound
 *    (no nested quantifiers: (a+)+, (a+){2,5}, ((a*)b)*);
 * 2. a repetition that may run more than once never repeats an alternation whose branches can start with the same
 *    character, or a body that can match the empty string ((a|aa)+, (a|ab)*, (a?)*);
 * 3. two unbounded repetitions that follow each other never compete for the same characters: only text that
 *    neither can absorb may stand between them (\d+\d+, .*.*, a*a?a* are rejected; \d+(?:\.\d+)? is fine).
 *
 * Under these rules each character is absorbed by at most one unbounded repetition at a time, so matching costs
 * at most time linear in the text per starting position. Bounded repetitions ({0,12}) count as fixed text.
 */

type Ranges = [number, number][];

type Node =
  | { k: 'chars'; set: Ranges }
  | { k: 'empty' }
  | { k: 'seq'; items: Node[] }
  | { k: 'alt'; alts: Node[] }
  | { k: 'group'; body: Node; look: boolean }
  | { k: 'quant'; body: Node; min: number; max: number };

const MAX = 0x10ffff;
const DIGIT: Ranges = [[48, 57]];
const WORD: Ranges = [[48, 57], [65, 90], [95, 95], [97, 122]];
const SPACE: Ranges = [[9, 13], [32, 32], [160, 160], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]];

function normalise(r: Ranges): Ranges {
  const sorted = [...r].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(r: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of normalise(r)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX) out.push([next, MAX]);
  return out;
}

function union(a: Ranges, b: Ranges): Ranges {
  return normalise([...a, ...b]);
}

function overlaps(a: Ranges, b: Ranges): boolean {
  for (const [lo, hi] of a) for (const [lo2, hi2] of b) if (lo <= hi2 && lo2 <= hi) return true;
  return false;
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const n = this.alternation();
    if (this.pos < this.src.length) throw new Error(`unexpected ${this.src[this.pos] ?? ''}`);
    return n;
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private alternation(): Node {
    const alts = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      alts.push(this.sequence());
    }
    return alts.length === 1 ? (alts[0] ?? { k: 'empty' }) : { k: 'alt', alts };
  }

  private sequence(): Node {
    const items: Node[] = [];
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) items.push(this.quantified(this.atom()));
    return { k: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' || m[3] === undefined ? Infinity : Number(m[3]);
      this.pos += m[0].length - 1;
    } else return atom;
    this.pos++;
    if (this.peek() === '?') this.pos++;
    return { k: 'quant', body: atom, min, max };
  }

  private atom(): Node {
    const c = this.src[this.pos++];
    if (c === '(') {
      let look = false;
      if (this.src.startsWith('?:', this.pos)) this.pos += 2;
      else if (/^\?<?[=!]/.test(this.src.slice(this.pos))) {
        look = true;
        this.pos += this.src[this.pos + 1] === '<' ? 3 : 2;
      } else if (this.src.startsWith('?<', this.pos)) this.pos = this.src.indexOf('>', this.pos) + 1;
      const body = this.alternation();
      if (this.src[this.pos++] !== ')') throw new Error('unclosed group');
      return { k: 'group', body, look };
    }
    if (c === '[') return { k: 'chars', set: this.charClass() };
    if (c === '.') return { k: 'chars', set: complement([[10, 10], [13, 13], [0x2028, 0x2029]]) };
    if (c === '^' || c === '$') return { k: 'empty' };
    if (c === '\\') return this.escape(false) ?? { k: 'empty' };
    const cp = this.src.codePointAt(this.pos - 1) ?? 0;
    if (cp > 0xffff) this.pos++;
    return { k: 'chars', set: [[cp, cp]] };
  }

  /** An escape after the backslash: a char set, or undefined for a zero-width one (\b, \B). */
  private escape(inClass: boolean): { k: 'chars'; set: Ranges } | undefined {
    const c = this.src[this.pos++] ?? '';
    const set = (r: Ranges) => ({ k: 'chars' as const, set: r });
    switch (c) {
      case 'd': return set(DIGIT);
      case 'D': return set(complement(DIGIT));
      case 'w': return set(WORD);
      case 'W': return set(complement(WORD));
      case 's': return set(SPACE);
      case 'S': return set(complement(SPACE));
      case 'b': return inClass ? set([[8, 8]]) : undefined;
      case 'B': return undefined;
      case 'n': return set([[10, 10]]);
      case 'r': return set([[13, 13]]);
      case 't': return set([[9, 9]]);
      case 'p':
      case 'P': {
        // Unicode properties: taken as any character (conservative for overlap).
        this.pos = this.src.indexOf('}', this.pos) + 1;
        return set([[0, MAX]]);
      }
      case 'u': {
        const m = /^\{([0-9a-fA-F]+)\}|^([0-9a-fA-F]{4})/.exec(this.src.slice(this.pos));
        const cp = m ? parseInt(m[1] ?? m[2] ?? '0', 16) : 0;
        this.pos += m?.[0].length ?? 0;
        return set([[cp, cp]]);
      }
      case 'x': {
        const cp = parseInt(this.src.slice(this.pos, this.pos + 2), 16);
        this.pos += 2;
        return set([[cp, cp]]);
      }
      default: {
        const cp = c.codePointAt(0) ?? 0;
        return set([[cp, cp]]);
      }
    }
  }

  private charClass(): Ranges {
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.pos++;
    }
    let ranges: Ranges = [];
    let first = true;
    while (this.pos < this.src.length && (this.peek() !== ']' || first)) {
      first = false;
      const lo = this.classAtom();
      if (this.peek() === '-' && this.src[this.pos + 1] !== ']' && lo.length === 1 && lo[0]?.[0] === lo[0]?.[1]) {
        this.pos++;
        const hi = this.classAtom();
        const a = lo[0]?.[0] ?? 0;
        const b = hi[0]?.[1] ?? a;
        ranges.push([Math.min(a, b), Math.max(a, b)]);
      } else ranges = [...ranges, ...lo];
    }
    this.pos++;
    const set = normalise(ranges);
    return negate ? complement(set) : set;
  }

  private classAtom(): Ranges {
    if (this.peek() === '\\') {
      this.pos++;
      return this.escape(true)?.set ?? [];
    }
    const cp = this.src.codePointAt(this.pos) ?? 0;
    this.pos += cp > 0xffff ? 2 : 1;
    return [[cp, cp]];
  }
}

interface Facts {
  nullable: boolean;
  unbounded: boolean;
  /** Characters a match can start with. */
  first: Ranges;
  /** Every character it can consume. */
  chars: Ranges;
}

function facts(n: Node): Facts {
  switch (n.k) {
    case 'chars':
      return { nullable: false, unbounded: false, first: n.set, chars: n.set };
    case 'empty':
      return { nullable: true, unbounded: false, first: [], chars: [] };
    case 'group':
      return n.look ? { nullable: true, unbounded: false, first: [], chars: [] } : facts(n.body);
    case 'quant': {
      const b = facts(n.body);
      return { nullable: n.min === 0 || b.nullable, unbounded: n.max === 0 ? false : b.unbounded || (n.max === Infinity && b.chars.length > 0), first: n.max === 0 ? [] : b.first, chars: n.max === 0 ? [] : b.chars };
    }
    case 'alt': {
      const fs = n.alts.map(facts);
      return { nullable: fs.some((f) => f.nullable), unbounded: fs.some((f) => f.unbounded), first: fs.reduce<Ranges>((a, f) => union(a, f.first), []), chars: fs.reduce<Ranges>((a, f) => union(a, f.chars), []) };
    }
    case 'seq': {
      let nullable = true;
      let first: Ranges = [];
      let chars: Ranges = [];
      let unbounded = false;
      for (const item of n.items) {
        const f = facts(item);
        if (nullable) first = union(first, f.first);
        nullable &&= f.nullable;
        chars = union(chars, f.chars);
        unbounded ||= f.unbounded;
      }
      return { nullable, unbounded, first, chars };
    }
  }
}

/** The alternation a repetition repeats, if its body is one (through groups). */
function alternationOf(n: Node): Node[] | undefined {
  if (n.k === 'alt') return n.alts;
  if (n.k === 'group' && !n.look) return alternationOf(n.body);
  if (n.k === 'seq' && n.items.length === 1 && n.items[0]) return alternationOf(n.items[0]);
  return undefined;
}

function check(n: Node): string | undefined {
  switch (n.k) {
    case 'chars':
    case 'empty':
      return undefined;
    case 'group':
      return check(n.body);
    case 'alt':
      for (const a of n.alts) {
        const p = check(a);
        if (p) return p;
      }
      return undefined;
    case 'quant': {
      const inner = check(n.body);
      if (inner) return inner;
      if (n.max <= 1) return undefined;
      const b = facts(n.body);
      if (b.unbounded) return '重复的部分本身可以无限增长（嵌套量词，如 (a+)+）';
      if (n.max === Infinity && b.nullable) return '无限重复的部分可以匹配空串（如 (a?)*）';
      const alts = alternationOf(n.body);
      if (alts) {
        const firsts = alts.map((a) => facts(a));
        for (let i = 0; i < firsts.length; i++) {
          for (let j = i + 1; j < firsts.length; j++) {
            if (overlaps(firsts[i]?.first ?? [], firsts[j]?.first ?? []) || firsts[i]?.nullable || firsts[j]?.nullable) return '重复的分支可以从同一个字符开始（如 (a|aa)+）';
          }
        }
      }
      return undefined;
    }
    case 'seq': {
      // `run`: characters the unbounded repetitions so far may still be absorbing.
      let run: Ranges = [];
      for (const item of n.items) {
        const p = check(item);
        if (p) return p;
        const f = facts(item);
        if (f.unbounded) {
          if (overlaps(run, f.first)) return '两个无限重复相邻且可以匹配相同的字符（如 \\d+\\d+、.*.*）';
          run = f.nullable ? union(run, f.chars) : f.chars;
        } else if (!f.nullable && !overlaps(run, f.first)) run = [];
      }
      return undefined;
    }
  }
}

/** Why a regex may take super-linear time, in Chinese, or undefined when it keeps to the linear-time rule. */
export function backtrackingProblem(source: string): string | undefined {
  let tree: Node;
  try {
    tree = new Parser(source).parse();
  } catch {
    return '正则无法分析（写法超出规则库允许的正则子集）';
  }
  return check(tree);
}
