import { crc32, createDeflateRaw, type ZlibOptions } from 'node:zlib';
import type { Writable } from 'node:stream';
import { drained } from './atomic-write.js';

interface Entry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/**
 * A minimal streaming ZIP writer (deflate, data descriptors): entries are written one after another and never
 * held whole in memory. Enough for OOXML; docs/bench-results.md records ~4.5× the exceljs streaming writer.
 */
export class ZipWriter {
  private readonly entries: Entry[] = [];
  private offset = 0;
  private busy = false;

  constructor(
    private readonly out: Writable,
    private readonly level = 6,
  ) {}

  private async write(buf: Buffer): Promise<void> {
    this.offset += buf.length;
    if (this.out.errored) throw this.out.errored;
    if (!this.out.write(buf)) await drained(this.out);
  }

  /** Add an entry whose content is produced by `produce(write)`; `write` applies back-pressure. */
  async add(name: string, produce: (write: (chunk: string | Buffer) => Promise<void>) => Promise<void>): Promise<void> {
    if (this.busy) throw new Error('ZipWriter: entries must be written one at a time');
    this.busy = true;
    const nameBuf = Buffer.from(name, 'utf8');
    const offset = this.offset;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0808, 6); // data descriptor follows; UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt32LE(DOS_TIME, 10);
    header.writeUInt16LE(nameBuf.length, 26);
    await this.write(Buffer.concat([header, nameBuf]));

    let crc = 0;
    let size = 0;
    let compressed = 0;
    // zlib deflates on the libuv thread pool: with a deep input buffer the main thread keeps rendering rows
    // while the other core compresses, instead of waiting for every 16 KB to drain (Transform options pass through).
    const zlibOptions: ZlibOptions & { writableHighWaterMark: number } = { level: this.level, writableHighWaterMark: 8 * 1024 * 1024 };
    const deflate = createDeflateRaw(zlibOptions);
    // Compressed output goes straight to the file; when the file stream is full the deflate stream pauses
    // (one drain listener at a time, no promise per chunk).
    deflate.on('data', (chunk: Buffer) => {
      compressed += chunk.length;
      this.offset += chunk.length;
      if (!this.out.write(chunk)) {
        deflate.pause();
        this.out.once('drain', () => deflate.resume());
      }
    });
    const ended = new Promise<void>((resolve, reject) => {
      deflate.on('end', resolve);
      deflate.on('error', reject);
    });
    // The file failing (a full disk) must end this entry, not leave deflate paused for a 'drain' that never comes.
    const outFailed = (e: Error): void => {
      deflate.destroy(e);
    };
    this.out.once('error', outFailed);
    ended.then(() => this.out.off('error', outFailed), () => this.out.off('error', outFailed));
    const push = async (chunk: string | Buffer): Promise<void> => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (buf.length === 0) return;
      crc = crc32(buf, crc);
      size += buf.length;
      if (!deflate.write(buf)) await drained(deflate);
    };
    const producing = produce(push);
    // If the file fails first, `ended` rejects and the producer's own rejection (its pending write) is not news.
    producing.catch(() => undefined);
    await Promise.race([producing, ended]);
    deflate.end();
    await ended;
    if (size > 0xffffffff || compressed > 0xffffffff) throw new Error(`ZIP entry ${name} exceeds 4 GiB; split the sheet`);
    const desc = Buffer.alloc(16);
    desc.writeUInt32LE(0x08074b50, 0);
    desc.writeUInt32LE(crc >>> 0, 4);
    desc.writeUInt32LE(compressed, 8);
    desc.writeUInt32LE(size, 12);
    await this.write(desc);
    this.entries.push({ name: nameBuf, crc: crc >>> 0, compressed, size, offset });
    this.busy = false;
  }

  /** Write the central directory. The caller ends the stream. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt32LE(DOS_TIME, 12);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      await this.write(Buffer.concat([h, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
  }
}

// 1980-01-01 00:00: a fixed timestamp keeps output reproducible byte for byte.
const DOS_TIME = (0 << 11) | 0 | ((1 << 5) | 1) << 16 | ((1980 - 1980) << 25);
