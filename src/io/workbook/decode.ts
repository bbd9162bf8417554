/**
 * CSV text encodings: BOM → strict UTF-8 over the whole file → GB18030 (what Excel/WPS on a
 * Chinese Windows writes), or an explicit override. Files are streamed, never read whole.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { fsInputError, inputError } from './input-error.js';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DetectedEncoding {
  encoding: CsvEncoding;
  /** WHATWG label for `TextDecoder`. */
  decoder: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
  /** UTF-8 text with a few invalid byte sequences: how many, and the first lines they sit on (1-based). */
  invalid?: { count: number; lines: number[] };
}

const ALIASES: Readonly<Record<string, CsvEncoding>> = {
  'utf8': 'utf-8', 'utf-8': 'utf-8', 'utf8bom': 'utf-8-bom', 'utf-8-bom': 'utf-8-bom', 'utf8-bom': 'utf-8-bom',
  'utf16le': 'utf-16le', 'utf-16le': 'utf-16le', 'utf16': 'utf-16le', 'utf-16': 'utf-16le', 'ucs2': 'utf-16le', 'ucs-2': 'utf-16le',
  'utf16be': 'utf-16be', 'utf-16be': 'utf-16be',
  'gb18030': 'gb18030', 'gbk': 'gb18030', 'gb2312': 'gb18030', 'cp936': 'gb18030', 'ansi': 'gb18030',
};

const BOMS: readonly { bytes: readonly number[]; encoding: CsvEncoding }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8-bom' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/** A user-supplied encoding name (`gbk`, `UTF8`, …) → the encoding used, or undefined if unsupported. */
export function resolveEncoding(name: string): CsvEncoding | undefined {
  return ALIASES[name.trim().toLowerCase().replace(/_/g, '-')];
}

/** Decides how to decode a text file; `override` wins over detection (a matching BOM is still skipped). */
export async function detectEncoding(file: string, override?: string, preloaded?: Buffer): Promise<DetectedEncoding> {
  const head = preloaded ? preloaded.subarray(0, 4) : await readHead(file, 4);
  const bom = BOMS.find((b) => b.bytes.every((byte, i) => head[i] === byte));
  if (override !== undefined) {
    const encoding = resolveEncoding(override);
    if (encoding === undefined) {
      throw inputError(file, 'input-encoding-unsupported',
        `不支持的编码“${override}”，可用：utf-8、gb18030（gbk）、utf-16le、utf-16be`);
    }
    const plain = encoding === 'utf-8-bom' ? 'utf-8' : encoding;
    const bomMatches = bom !== undefined && decoderOf(bom.encoding) === plain;
    return { encoding: bomMatches && plain === 'utf-8' ? 'utf-8-bom' : plain, decoder: plain, bomLength: bomMatches ? bom.bytes.length : 0 };
  }
  if (bom) {
    const found: DetectedEncoding = { encoding: bom.encoding, decoder: decoderOf(bom.encoding), bomLength: bom.bytes.length };
    if (found.decoder !== 'utf-8' || (preloaded ? isUtf8(preloaded.subarray(3)) : await isUtf8File(file, 3))) return found;
    const scan = await scanUtf8(file, 3, preloaded);
    return { ...found, invalid: { count: scan.invalid, lines: scan.lines } };
  }
  if (preloaded ? isUtf8(preloaded) : await isUtf8File(file, 0)) return { encoding: 'utf-8', decoder: 'utf-8', bomLength: 0 };
  // Not valid UTF-8 throughout. GBK text is almost never valid UTF-8 even in short runs, so a file whose multi-byte
  // sequences are overwhelmingly valid UTF-8 is UTF-8 with a few damaged bytes: decoding all of it as GB18030
  // would garble every Chinese character to save a handful. Its bad lines are named instead.
  const scan = await scanUtf8(file, 0, preloaded);
  if (scan.valid >= 8 && scan.valid >= 20 * scan.invalid) return { encoding: 'utf-8', decoder: 'utf-8', bomLength: 0, invalid: { count: scan.invalid, lines: scan.lines } };
  return { encoding: 'gb18030', decoder: 'gb18030', bomLength: 0 };
}

export const MAX_LINES_NAMED = 10;

/**
 * Counts valid multi-byte UTF-8 sequences and invalid ones (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF),
 * with the lines of the first invalid ones. Streamed: a sequence may straddle chunks.
 */
async function scanUtf8(file: string, start: number, preloaded?: Buffer): Promise<{ valid: number; invalid: number; lines: number[] }> {
  let valid = 0;
  let invalid = 0;
  const lines: number[] = [];
  let line = 1;
  let need = 0;
  let lower = 0x80;
  let upper = 0xbf;
  const bad = (): void => {
    invalid++;
    if (lines.length < MAX_LINES_NAMED && lines[lines.length - 1] !== line) lines.push(line);
  };
  const source = preloaded ? [preloaded.subarray(start)] : createReadStream(file, { start, highWaterMark: 1024 * 1024 });
  for await (const chunk of source) {
    if (!Buffer.isBuffer(chunk)) continue;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] ?? 0;
      if (need > 0) {
        if (b >= lower && b <= upper) {
          lower = 0x80;
          upper = 0xbf;
          if (--need === 0) valid++;
          continue;
        }
        // The sequence broke off: that is one bad sequence, and this byte starts afresh.
        need = 0;
        lower = 0x80;
        upper = 0xbf;
        bad();
      }
      if (b === 0x0a) line++;
      if (b < 0x80) continue;
      if (b >= 0xc2 && b <= 0xdf) need = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
      } else bad();
    }
  }
  if (need > 0) bad();
  return { valid, invalid, lines };
}

/** The file's text after the BOM, chunk by chunk, through one streaming decoder. */
export async function* decodeFile(file: string, detected: DetectedEncoding, preloaded?: Buffer): AsyncGenerator<string> {
  const decoder = new TextDecoder(detected.decoder, { ignoreBOM: true });
  for await (const chunk of textBytes(file, detected.bomLength, preloaded)) {
    if (!Buffer.isBuffer(chunk)) continue;
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/** The file's bytes from `start`, from memory when preloaded. */
export function textBytes(file: string, start: number, preloaded?: Buffer): Readable {
  return preloaded ? Readable.from([preloaded.subarray(start)]) : createReadStream(file, { start, highWaterMark: 256 * 1024 });
}

/** Strict UTF-8 validation of the whole file, streamed; stops at the first invalid sequence. */
async function isUtf8File(file: string, start: number): Promise<boolean> {
  let carry: Buffer | undefined;
  for await (const chunk of createReadStream(file, { start, highWaterMark: 1024 * 1024 })) {
    if (!Buffer.isBuffer(chunk)) continue;
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    const complete = completeLength(buf);
    if (!isUtf8(buf.subarray(0, complete))) return false;
    carry = complete < buf.length ? Buffer.from(buf.subarray(complete)) : undefined;
  }
  return carry === undefined;
}

/** Length of buf without a trailing, possibly incomplete multi-byte sequence. */
function completeLength(buf: Buffer): number {
  for (let i = buf.length - 1; i >= 0 && i >= buf.length - 4; i--) {
    const byte = buf[i] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + need > buf.length ? i : buf.length;
  }
  return buf.length;
}

function decoderOf(encoding: CsvEncoding): DetectedEncoding['decoder'] {
  return encoding === 'utf-8-bom' ? 'utf-8' : encoding;
}

/** The first bytes of a file; file-system failures become `InputError`s. */
export async function readHead(file: string, length: number): Promise<Buffer> {
  try {
    const handle = await open(file, 'r');
    try {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fsInputError(file, error);
  }
}
