/**
 * A minimal read-only zip archive: central directory (with ZIP64), entries streamed through
 * `zlib.createInflateRaw`, CRC-checked, and bounded against zip bombs. Enough for xlsx parts.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import { InputError } from '../../errors.js';
import { fsInputError, inputError } from './input-error.js';

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const CHUNK_SIZE = 64 * 1024;
/** Entries of a preloaded file up to this size are inflated in one synchronous call. */
const IN_MEMORY_ENTRY_MAX = 16 * 1024 * 1024;

/** A zip file opened by its central directory; entries are inflated lazily, one stream each. */
export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();
  /** Entry names that occur more than once (case-insensitively); the first of each is the one read. */
  readonly duplicates: string[] = [];

  private constructor(
    readonly file: string,
    readonly size: number,
    readonly entries: readonly ZipEntry[],
    readonly maxInflatedBytes: number,
    /** The whole file when the caller preloaded it; entries are then inflated from memory. */
    private readonly data?: Buffer,
  ) {
    for (const entry of entries) {
      const key = entry.name.toLowerCase();
      // Two entries with one name: which one a program reads differs between programs, so the reader keeps the
      // first and says so (the caller decides whether the duplicate is a part it reads).
      if (this.byName.has(key)) this.duplicates.push(entry.name);
      else this.byName.set(key, entry);
    }
  }

  /** Reads the central directory; throws `input-not-zip`, `input-truncated` or `input-corrupt`. */
  static async open(file: string, maxInflatedBytes: number, data?: Buffer): Promise<ZipArchive> {
    if (data) {
      const entries = await readCentralDirectory((position, length) => Promise.resolve(data.subarray(position, position + length)), file, data.length);
      return new ZipArchive(file, data.length, entries, maxInflatedBytes, data);
    }
    const handle = await open(file, 'r').catch((error: unknown) => {
      throw fsInputError(file, error);
    });
    try {
      const { size } = await handle.stat();
      const entries = await readCentralDirectory((position, length) => readAt(handle, position, length), file, size);
      return new ZipArchive(file, size, entries, maxInflatedBytes);
    } finally {
      await handle.close();
    }
  }

  /** Part names are matched case-insensitively, as Excel does. */
  get(name: string): ZipEntry | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** Throws `input-zip-bomb` when the declared sizes of the parts to be read exceed the cap. */
  checkDeclaredSizes(entries: readonly ZipEntry[]): void {
    let total = 0;
    for (const entry of entries) total += entry.uncompressedSize;
    if (total > this.maxInflatedBytes) {
      throw inputError(this.file, 'input-zip-bomb',
        `解压后将达 ${formatBytes(total)}，超过上限 ${formatBytes(this.maxInflatedBytes)}（疑似压缩炸弹）`);
    }
  }

  /** The inflated bytes of one entry, streamed; verifies size and CRC when read to the end. */
  async *chunks(entry: ZipEntry): AsyncGenerator<Buffer> {
    if ((entry.flags & 1) !== 0) {
      throw inputError(this.file, 'input-zip-unsupported', `压缩包内的 ${entry.name} 已加密，无法读取`);
    }
    if (entry.method !== 0 && entry.method !== 8) {
      throw inputError(this.file, 'input-zip-unsupported', `${entry.name} 使用了不支持的压缩方式（${entry.method}）`);
    }
    const start = await this.dataStart(entry);
    if (entry.compressedSize === 0) {
      if (entry.uncompressedSize !== 0) throw this.corrupt(entry);
      return;
    }
    if (this.data && entry.uncompressedSize <= IN_MEMORY_ENTRY_MAX) {
      yield this.inflateInMemory(this.data.subarray(start, start + entry.compressedSize), entry);
      return;
    }
    const source: Readable = this.data
      ? Readable.from([this.data.subarray(start, start + entry.compressedSize)])
      : createReadStream(this.file, { start, end: start + entry.compressedSize - 1, highWaterMark: CHUNK_SIZE });
    const inflater = entry.method === 8 ? createInflateRaw({ chunkSize: CHUNK_SIZE }) : undefined;
    if (inflater) {
      source.on('error', (error: Error) => inflater.destroy(error));
      source.pipe(inflater);
    }
    const limit = Math.min(entry.uncompressedSize, this.maxInflatedBytes);
    let inflated = 0;
    let crc = 0;
    try {
      for await (const chunk of inflater ?? source) {
        if (!Buffer.isBuffer(chunk)) continue;
        inflated += chunk.length;
        if (inflated > limit) {
          throw this.overflow(entry);
        }
        crc = crc32(chunk, crc);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw this.corrupt(entry, error);
    } finally {
      source.destroy();
      inflater?.destroy();
    }
    if (inflated !== entry.uncompressedSize || (crc >>> 0) !== entry.crc) throw this.corrupt(entry);
  }

  /** One small entry of a preloaded file, inflated synchronously: no thread-pool round trip per chunk. */
  private inflateInMemory(compressed: Buffer, entry: ZipEntry): Buffer {
    const limit = Math.min(entry.uncompressedSize, this.maxInflatedBytes);
    let out: Buffer;
    try {
      // One byte over the declared size is enough to tell a lying header (zip bomb) from an honest one.
      out = entry.method === 8 ? inflateRawSync(compressed, { maxOutputLength: limit + 1 }) : compressed;
    } catch (error) {
      throw error instanceof RangeError ? this.overflow(entry) : this.corrupt(entry, error);
    }
    if (out.length > limit) throw this.overflow(entry);
    if (out.length !== entry.uncompressedSize || (crc32(out) >>> 0) !== entry.crc) throw this.corrupt(entry);
    return out;
  }

  private async dataStart(entry: ZipEntry): Promise<number> {
    if (this.data) return this.checkedStart(entry, this.data.subarray(entry.localHeaderOffset, entry.localHeaderOffset + 30));
    const handle = await open(this.file, 'r').catch((error: unknown) => {
      throw fsInputError(this.file, error);
    });
    try {
      return this.checkedStart(entry, await readAt(handle, entry.localHeaderOffset, 30));
    } finally {
      await handle.close();
    }
  }

  private checkedStart(entry: ZipEntry, header: Buffer): number {
    if (header.length < 30 || header.readUInt32LE(0) !== SIG_LOCAL) throw this.corrupt(entry);
    const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (start + entry.compressedSize > this.size) {
      throw inputError(this.file, 'input-truncated', '文件不完整（可能下载或复制中断），请重新获取原文件');
    }
    return start;
  }

  /** An entry that inflates beyond its declared size or the cap. */
  private overflow(entry: ZipEntry): InputError {
    return inputError(this.file, 'input-zip-bomb', `${entry.name} 解压后超过声明大小或上限 ${formatBytes(this.maxInflatedBytes)}（疑似压缩炸弹）`);
  }

  private corrupt(entry: ZipEntry, cause?: unknown): InputError {
    return inputError(this.file, 'input-corrupt', `压缩包内的 ${entry.name} 已损坏，请用 Excel 打开并另存为 .xlsx`, cause);
  }
}

type ReadAt = (position: number, length: number) => Promise<Buffer>;

async function readCentralDirectory(readAt: ReadAt, file: string, size: number): Promise<ZipEntry[]> {
  const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
  const tailStart = size - tailLength;
  const tail = await readAt(tailStart, tailLength);
  const at = findEocd(tail);
  if (at < 0) {
    const head = await readAt(0, 4);
    const looksLikeZip = head.length === 4 && head.readUInt32LE(0) === SIG_LOCAL;
    throw looksLikeZip
      ? inputError(file, 'input-truncated', '文件不完整（找不到 zip 目录，可能下载或复制中断），请重新获取原文件')
      : inputError(file, 'input-not-zip', '不是有效的 xlsx 文件（不是 zip 格式），请用 Excel 打开并另存为 .xlsx');
  }
  const eocdPos = tailStart + at;
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  let cdLimit = eocdPos;
  if (eocdPos >= 20) {
    const locator = await readAt(eocdPos - 20, 20);
    if (locator.readUInt32LE(0) === SIG_ZIP64_LOCATOR) {
      const recordPos = readUInt64(locator, 8);
      const record = await readAt(recordPos, 56);
      if (record.length < 56 || record.readUInt32LE(0) !== SIG_ZIP64_EOCD) throw corruptDirectory(file);
      count = readUInt64(record, 32);
      cdSize = readUInt64(record, 40);
      cdOffset = readUInt64(record, 48);
      cdLimit = recordPos;
    }
  }
  if (cdOffset + cdSize > cdLimit) throw corruptDirectory(file);
  const directory = await readAt(cdOffset, cdSize);
  const entries = parseCentralDirectory(directory, file);
  // Some writers wrap the 16-bit entry count instead of writing ZIP64; compare modulo 2^16.
  if (entries.length % 0x10000 !== count % 0x10000) throw corruptDirectory(file);
  for (const entry of entries) {
    if (entry.localHeaderOffset + 30 + entry.compressedSize > cdOffset) throw corruptDirectory(file);
  }
  return entries;
}

function findEocd(tail: Buffer): number {
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD && i + EOCD_SIZE + tail.readUInt16LE(i + 20) <= tail.length) return i;
  }
  return -1;
}

function parseCentralDirectory(buf: Buffer, file: string): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let pos = 0;
  while (pos + 46 <= buf.length && buf.readUInt32LE(pos) === SIG_CENTRAL) {
    const nameLength = buf.readUInt16LE(pos + 28);
    const extraLength = buf.readUInt16LE(pos + 30);
    const commentLength = buf.readUInt16LE(pos + 32);
    const nameEnd = pos + 46 + nameLength;
    if (nameEnd + extraLength > buf.length) throw corruptDirectory(file);
    const entry: ZipEntry = {
      name: buf.toString('utf8', pos + 46, nameEnd),
      flags: buf.readUInt16LE(pos + 8),
      method: buf.readUInt16LE(pos + 10),
      crc: buf.readUInt32LE(pos + 16),
      compressedSize: buf.readUInt32LE(pos + 20),
      uncompressedSize: buf.readUInt32LE(pos + 24),
      localHeaderOffset: buf.readUInt32LE(pos + 42),
    };
    applyZip64Extra(entry, buf.subarray(nameEnd, nameEnd + extraLength));
    entries.push(entry);
    pos = nameEnd + extraLength + commentLength;
  }
  return entries;
}

/** ZIP64 extra field (id 1): 64-bit values for whichever 32-bit fields are saturated, in this order. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  const MAX32 = 0xffffffff;
  if (entry.uncompressedSize !== MAX32 && entry.compressedSize !== MAX32 && entry.localHeaderOffset !== MAX32) return;
  let pos = 0;
  while (pos + 4 <= extra.length) {
    const id = extra.readUInt16LE(pos);
    const length = extra.readUInt16LE(pos + 2);
    if (id === 1) {
      let field = pos + 4;
      const end = field + length;
      if (entry.uncompressedSize === MAX32 && field + 8 <= end) { entry.uncompressedSize = readUInt64(extra, field); field += 8; }
      if (entry.compressedSize === MAX32 && field + 8 <= end) { entry.compressedSize = readUInt64(extra, field); field += 8; }
      if (entry.localHeaderOffset === MAX32 && field + 8 <= end) entry.localHeaderOffset = readUInt64(extra, field);
      return;
    }
    pos += 4 + length;
  }
}

function readUInt64(buf: Buffer, offset: number): number {
  return buf.readUInt32LE(offset) + buf.readUInt32LE(offset + 4) * 0x1_0000_0000;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

function corruptDirectory(file: string): InputError {
  return inputError(file, 'input-corrupt', 'zip 目录已损坏，请用 Excel 打开并另存为 .xlsx');
}

function formatBytes(n: number): string {
  return n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(0)} MiB` : `${n} 字节`;
}
