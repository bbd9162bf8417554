import { Worker } from 'node:worker_threads';
import { renderRows, type RenderBatch, type RenderSpec } from './render-rows.js';

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
