import { parentPort, workerData } from 'node:worker_threads';
import { loadCriteria } from '../criteria/load-criteria.js';
import { compileEngine } from '../rules/compile-engine.js';
import { checkFile } from './check-files.js';
import type { WorkerSetup } from './worker-pool.js';

// A worker compiles the criteria once (from the cache the main thread has just written) and then checks the
// files it is handed, one message per file.
const setup = workerData as WorkerSetup;
const loaded = await loadCriteria(setup.criteria, { cwd: setup.cwd, ...(setup.cacheDir ? { cacheDir: setup.cacheDir, cacheKey: setup.cacheKey } : {}) });
if (!loaded.criteria) throw new Error('criteria failed to load in worker');
const criteria = { ...loaded.criteria, standards: loaded.criteria.standards.map((s) => ({ ...s, rules: s.rules.filter((r) => !setup.rulesOff.includes(r.id)) })) };
const engine = compileEngine(criteria, { asOf: setup.asOf });

parentPort?.on('message', (msg: { id: number; file: string }) => {
  checkFile(msg.file, { engine, criteria, asOf: setup.asOf, version: setup.version, read: setup.read, keep: setup.keep, ...(setup.keepLimit !== undefined ? { keepLimit: setup.keepLimit } : {}), waivers: setup.waivers }).then(
    (result) => parentPort?.postMessage({ id: msg.id, result }),
    (e: unknown) => parentPort?.postMessage({ id: msg.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
