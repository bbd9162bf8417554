import { randomBytes } from 'node:crypto';
import { createWriteStream, lstatSync, realpathSync, statSync, type WriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { basename, dirname, join } from 'node:path';
import { OutputError } from '../errors.js';

export interface AtomicOptions {
  /**
   * Written into temp-file names (`.<name>.<owner>-<random>.tmp`), so a later run can tell the temp files of a
   * killed run (its owner is gone) from those of a run still going. The CLI passes its process id.
   */
  owner?: string;
}

/** A temp path next to the target, so the final rename stays on one filesystem and is atomic. */
export function tempPathFor(target: string, owner = '0'): string {
  return join(dirname(target), `.${basename(target)}.${owner}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Temp files written by `tempPathFor`: the target name and the owner, or undefined for any other name. */
export function parseTempName(name: string): { target: string; owner: string } | undefined {
  const m = /^\.(.+)\.(\d+)-[0-9a-f]{8}\.tmp$/.exec(name);
  return m?.[1] && m[2] ? { target: m[1], owner: m[2] } : undefined;
}

/**
 * What a target is: absent or a regular file (written through a temp file and a rename), something else that
 * can be written in place (a device such as /dev/null, a FIFO), or a directory (refused). A symbolic link is
 * followed, so the rename replaces the file it points to, not the link.
 */
function resolveTarget(target: string): { path: string; inPlace: boolean } {
  let path = target;
  try {
    if (lstatSync(target).isSymbolicLink()) path = realpathSync(target);
    const s = statSync(path);
    if (s.isDirectory()) throw new OutputError(target, 'EISDIR');
    return { path, inPlace: !s.isFile() };
  } catch (e) {
    if (e instanceof OutputError) throw e;
    if (errno(e) === 'ENOENT') return { path, inPlace: false };
    throw outputError(e, target);
  }
}

/** Write the whole content to a temp file, then rename over the target: readers never see half a file. */
export async function writeFileAtomic(target: string, content: string | Uint8Array, options: AtomicOptions = {}): Promise<void> {
  const { path, inPlace } = resolveTarget(target);
  if (inPlace) {
    await writeFile(path, content).catch((e: unknown) => {
      throw outputError(e, target);
    });
    return;
  }
  const tmp = tempPathFor(path, options.owner);
  try {
    await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (e) {
    // A full disk must not stay full of our half-written temp file.
    await rm(tmp, { force: true });
    throw outputError(e, target);
  }
}

/** Stream into a temp file; `commit()` renames it into place, `abort()` removes it. Failures name the target. */
export function openAtomicStream(target: string, options: AtomicOptions = {}): { stream: WriteStream; commit: () => Promise<void>; abort: () => Promise<void>; tmp: string } {
  const { path, inPlace } = resolveTarget(target);
  const tmp = inPlace ? path : tempPathFor(path, options.owner);
  const stream = createWriteStream(tmp);
  const closed = new Promise<void>((resolve, reject) => {
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  // An open or write failure surfaces at commit(); until then it must not count as an unhandled rejection.
  closed.catch(() => undefined);
  return {
    stream,
    tmp,
    commit: async () => {
      try {
        stream.end();
        await closed;
        if (!inPlace) await rename(tmp, path);
      } catch (e) {
        if (!inPlace) await rm(tmp, { force: true });
        throw outputError(e, target);
      }
    },
    abort: async () => {
      stream.destroy();
      if (!inPlace) await rm(tmp, { force: true });
    },
  };
}

/**
 * Resolves when `out` can take more, rejects when it failed (ENOSPC, EIO…) or closed: a writer waiting for a
 * 'drain' that a failed stream never sends would otherwise wait forever.
 */
export function drained(out: Writable): Promise<void> {
  if (out.errored) return Promise.reject(out.errored);
  if (out.destroyed) return Promise.reject(new Error('output stream closed'));
  return new Promise<void>((resolve, reject) => {
    const done = (e?: Error): void => {
      out.off('drain', onDrain);
      out.off('error', onError);
      out.off('close', onClose);
      if (e) reject(e);
      else resolve();
    };
    const onDrain = (): void => done();
    const onError = (e: Error): void => done(e);
    const onClose = (): void => done(out.errored ?? new Error('output stream closed'));
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}

/** A file-system failure while writing, as the OutputError the CLI words for the user (naming the target). */
export function outputError(e: unknown, target: string): Error {
  if (e instanceof OutputError) return e;
  const code = errno(e);
  // errno codes only (ENOSPC, EACCES…): Node's own ERR_* codes are bugs, not the user's disk.
  return code && /^E[A-Z]+$/.test(code) ? new OutputError(target, code, { cause: e }) : e instanceof Error ? e : new Error(String(e));
}

function errno(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}
