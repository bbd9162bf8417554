import { parentPort, workerData } from 'node:worker_threads';
import { renderRows, type RenderBatch, type RenderSpec } from './render-rows.js';

// Renders batches of ledger rows to sheet XML while the main thread merges the sorted runs and feeds zlib:
// on two cores the three jobs overlap instead of queueing on one thread. Replies in the order asked.
const spec = workerData as RenderSpec;
const encoder = new TextEncoder();

parentPort?.on('message', (msg: { id: number; batch: RenderBatch }) => {
  try {
    // A fresh Uint8Array (not Buffer.from, which may slice a shared pool) so its memory can be transferred.
    const bytes = encoder.encode(renderRows(spec, msg.batch));
    parentPort?.postMessage({ id: msg.id, bytes }, [bytes.buffer]);
  } catch (e) {
    parentPort?.postMessage({ id: msg.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
