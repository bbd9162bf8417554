import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A temp path next to the target, so the final rename stays on one filesystem and is atomic. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Write the whole content to a temp file, then rename over the target: readers never see half a file. */
export async function writeFileAtomic(target: string, content: string | Uint8Array): Promise<void> {
  const tmp = tempPathFor(target);
  try {
    await writeFile(tmp, content);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Stream into a temp file; `commit()` renames it into place, `abort()` removes it. */
export function openAtomicStream(target: string): { stream: WriteStream; commit: () => Promise<void>; abort: () => Promise<void>; tmp: string } {
  const tmp = tempPathFor(target);
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
      stream.end();
      await closed;
      await rename(tmp, target);
    },
    abort: async () => {
      stream.destroy();
      await rm(tmp, { force: true });
    },
  };
}
