import { Worker } from 'node:worker_threads';
import { renderRows, type RenderBatch, type RenderSpec } from './render-rows.js';
import type { SheetWriter } from '../writers/xlsx-workbook.js';

/** Renders batches of ledger rows to sheet XML, in the order asked. */
export interface RowRenderer {
  render(batch: RenderBatch): Promise<string | Uint8Array>;
  close(): Promise<void>;
}

/** Render on the calling thread: small ledgers, where starting a worker costs more than it saves. */
export function inlineRenderer(spec: RenderSpec): RowRenderer {
  return {
    render: (batch) => Promise.resolve(renderRows(spec, batch)),
    close: () => Promise.resolve(),
  };
}

/**
 * Render on a worker thread. The caller keeps a few batches in flight: while the worker renders, the main
 * thread merges the next rows from the sorted runs and zlib (on the libuv pool) deflates the previous ones.
 * (Rendering every second or third batch on the main thread as well was measured slower: on two cores the
 * main thread's spare time is the time zlib runs.)
 */
export function workerRenderer(spec: RenderSpec): RowRenderer {
  const worker = new Worker(new URL('./render-worker.js', import.meta.url), { workerData: spec });
  const pending = new Map<number, { resolve: (x: Uint8Array) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failed: Error | undefined;
  const failAll = (e: Error): void => {
    failed = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('message', (msg: { id: number; bytes?: Uint8Array; error?: string }) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.bytes) p.resolve(msg.bytes);
    else p.reject(new Error(`台账渲染线程出错：${msg.error ?? '未知错误'}`));
  });
  worker.on('error', (e) => failAll(e));
  worker.on('exit', (code) => {
    if (pending.size) failAll(new Error(`台账渲染线程意外退出（${code}）`));
  });
  return {
    render(batch) {
      if (failed) return Promise.reject(failed);
      const id = next++;
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, batch });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

// Rows per render batch, and batches in flight: enough to keep the worker, the main thread and zlib busy at
// once; few enough that memory stays at a few MB of XML.
const BATCH_ROWS = 1000;
const IN_FLIGHT = 4;

/**
 * Feeds the rows of one sheet to a renderer in batches and appends the rendered XML to the sheet in row order,
 * keeping up to IN_FLIGHT batches being rendered meanwhile. A batch never crosses a sheet boundary.
 */
export class SheetBatcher {
  private readonly inFlight: { rows: number; xml: Promise<string | Uint8Array> }[] = [];
  private batch: RenderBatch;
  private added = 0;

  constructor(
    private readonly renderer: RowRenderer,
    private readonly sheet: SheetWriter,
    private readonly firstRow: number,
    private readonly firstSeq: number,
  ) {
    this.batch = this.emptyBatch();
  }

  async add(body: string, overdue: boolean): Promise<void> {
    this.batch.bodies.push(body);
    this.batch.overdue.push(overdue);
    this.added++;
    if (this.batch.bodies.length >= BATCH_ROWS) await this.send();
  }

  /** Render what is left and write every batch still in flight. */
  async finish(): Promise<void> {
    await this.send();
    while (this.inFlight.length) await this.writeOldest();
  }

  private emptyBatch(): RenderBatch {
    return { firstRow: this.firstRow + this.added, firstSeq: this.firstSeq + this.added, bodies: [], overdue: [] };
  }

  private async send(): Promise<void> {
    if (this.batch.bodies.length === 0) return;
    const xml = this.renderer.render(this.batch);
    // Awaited in order by writeOldest; if an earlier batch fails first, this one's rejection must not go unhandled.
    xml.catch(() => undefined);
    this.inFlight.push({ rows: this.batch.bodies.length, xml });
    this.batch = this.emptyBatch();
    if (this.inFlight.length >= IN_FLIGHT) await this.writeOldest();
  }

  private async writeOldest(): Promise<void> {
    const done = this.inFlight.shift();
    if (done) await this.sheet.rows(await done.xml, done.rows);
  }
}
