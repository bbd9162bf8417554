/**
 * Just enough XML for xlsx parts: streamed text of a zip entry, text/attribute decoding
 * (entities, OOXML `_xHHHH_` escapes) and start-tag iteration for the small parts.
 */
import { TextDecoder } from 'node:util';
import { inputError } from './input-error.js';
import type { ZipArchive, ZipEntry } from './zip.js';

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;
/** Parts read whole (workbook, rels, styles) are small; anything bigger is not a real workbook. */
const MAX_WHOLE_PART_BYTES = 256 * 1024 ** 2;
const ATTRIBUTE = /([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * The text of one part, decoded with a single streaming `TextDecoder` so no character is split. Comments are
 * removed and CDATA sections turned into escaped text, so a `<row>` inside `<!-- -->` is never read as a row and
 * text inside `<![CDATA[ ]]>` is read as text. `onInvalidUtf8` hears of bytes that are not UTF-8 (decoded as U+FFFD).
 */
export async function* partText(zip: ZipArchive, entry: ZipEntry, onInvalidUtf8?: () => void): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let utf8 = false;
  const filter = new MarkupFilter();
  for await (const chunk of zip.chunks(entry)) {
    if (decoder === undefined) {
      const encoding = bomEncoding(chunk);
      utf8 = encoding === 'utf-8';
      decoder = new TextDecoder(encoding);
    }
    const text = decoder.decode(chunk, { stream: true });
    // U+FFFD in the text that the bytes do not spell (EF BF BD) came from invalid bytes.
    if (utf8 && onInvalidUtf8 && text.includes('\uFFFD') && countOf(text, '\uFFFD') > countBytes(chunk)) onInvalidUtf8();
    const safe = filter.push(text);
    if (safe.length > 0) yield safe;
  }
  const rest = filter.push(decoder?.decode() ?? '') + filter.end();
  if (rest.length > 0) yield rest;
}

function countOf(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

function countBytes(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(0xef); i >= 0 && i + 2 < chunk.length; i = chunk.indexOf(0xef, i + 1)) if (chunk[i + 1] === 0xbf && chunk[i + 2] === 0xbd) n++;
  return n;
}

const COMMENT = '<!--';
const CDATA = '<![CDATA[';

/** Streaming removal of comments and unwrapping of CDATA; an unfinished one at a chunk's end waits for the next. */
export class MarkupFilter {
  private carry = '';

  push(text: string): string {
    const s = this.carry.length === 0 ? text : this.carry + text;
    this.carry = '';
    let out = '';
    let pos = 0;
    for (;;) {
      const i = s.indexOf('<!', pos);
      if (i < 0) break;
      if (s.startsWith(COMMENT, i)) {
        const end = s.indexOf('-->', i + COMMENT.length);
        if (end < 0) return this.hold(out + s.slice(pos, i), s.slice(i));
        out += s.slice(pos, i);
        pos = end + 3;
      } else if (s.startsWith(CDATA, i)) {
        const end = s.indexOf(']]>', i + CDATA.length);
        if (end < 0) return this.hold(out + s.slice(pos, i), s.slice(i));
        out += s.slice(pos, i) + escapeText(s.slice(i + CDATA.length, end));
        pos = end + 3;
      } else if (s.length - i < CDATA.length && (COMMENT.startsWith(s.slice(i)) || CDATA.startsWith(s.slice(i)))) {
        return this.hold(out + s.slice(pos, i), s.slice(i));
      } else {
        out += s.slice(pos, i + 2);
        pos = i + 2;
      }
    }
    // A lone '<' or '<!' at the very end may begin a comment in the next chunk.
    const tail = s.lastIndexOf('<');
    if (tail >= pos && s.length - tail < 2) return this.hold(out + s.slice(pos, tail), s.slice(tail));
    return out + s.slice(pos);
  }

  /** What is left at the end of the part: an unfinished comment is dropped, anything else passed on. */
  end(): string {
    const rest = this.carry;
    this.carry = '';
    return rest.startsWith(COMMENT) ? '' : rest;
  }

  private hold(out: string, rest: string): string {
    this.carry = rest;
    return out;
  }
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The whole text of a small part (workbook, rels, styles). */
export async function readPartText(zip: ZipArchive, entry: ZipEntry): Promise<string> {
  if (entry.uncompressedSize > MAX_WHOLE_PART_BYTES) {
    throw inputError(zip.file, 'input-zip-bomb', `${entry.name} 解压后过大（${entry.uncompressedSize} 字节），疑似压缩炸弹`);
  }
  let text = '';
  for await (const chunk of partText(zip, entry)) text += chunk;
  return text;
}

/** Element text → string: line ends normalised, entities and `_xHHHH_` escapes decoded. */
export function decodeXmlText(raw: string): string {
  let text = raw;
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (text.includes('&')) text = decodeEntities(text);
  if (text.includes('_x')) text = text.replace(OOXML_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return text;
}

export function decodeEntities(text: string): string {
  return text.replace(ENTITY, (whole, body: string) => {
    if (body.charCodeAt(0) !== 35 /* # */) return NAMED[body] ?? whole;
    const code = body.charCodeAt(1) === 120 /* x */ ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * The namespace prefix of the document element (`''` or e.g. `'x:'`), so scanners can search for
 * `<x:row` when a writer prefixes the SpreadsheetML namespace. Undefined until the root tag is complete.
 */
export function rootPrefix(text: string): string | undefined {
  let i = text.indexOf('<');
  while (i !== -1) {
    const next = text.charCodeAt(i + 1);
    if (next !== 63 /* ? */ && next !== 33 /* ! */) {
      const match = /^<([A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*[\s/>]/.exec(text.slice(i, i + 256));
      return match ? (match[1] ?? '') : undefined;
    }
    i = text.indexOf('<', i + 1);
  }
  return undefined;
}

/** Attributes of every `<name …>` start tag (any namespace prefix), values entity-decoded. */
export function* startTags(xml: string, localName: string): Generator<Map<string, string>> {
  const tag = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${localName}(?=[\\s/>])([^>]*)>`, 'g');
  for (const match of xml.matchAll(tag)) yield parseAttributes(match[1] ?? '');
}

export function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(ATTRIBUTE)) {
    const value = match[2] ?? match[3] ?? '';
    attributes.set(match[1] ?? '', value.includes('&') ? decodeEntities(value) : value);
  }
  return attributes;
}

/** A namespaced attribute by local name whatever its prefix, e.g. `r:id`. */
export function prefixedAttribute(attributes: Map<string, string>, localName: string): string | undefined {
  for (const [name, value] of attributes) {
    const colon = name.indexOf(':');
    if (colon > 0 && name.slice(colon + 1) === localName && !name.startsWith('xmlns')) return value;
  }
  return undefined;
}

function bomEncoding(chunk: Buffer): string {
  if (chunk[0] === 0xff && chunk[1] === 0xfe) return 'utf-16le';
  if (chunk[0] === 0xfe && chunk[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}
