import { fileURLToPath } from 'node:url';
import type { ChalkInstance } from 'chalk';
import type { Writable } from 'node:stream';

/** What a command may touch of the outside world; built once in cli.ts so commands stay testable. */
export interface CliContext {
  cwd: string;
  stdout: (text: string) => void;
  /** Bytes (an xlsx written with `-o -`) to standard output; resolves when flushed. */
  stdoutBytes: (bytes: Uint8Array) => Promise<void>;
  /** Standard output as a stream, for writers that stream (the ledger with `-o -`). */
  stdoutStream: Writable;
  stderr: (text: string) => void;
  color: ChalkInstance;
  isTTY: boolean;
  /** Today in Asia/Shanghai, ISO. */
  today: string;
  env: NodeJS.ProcessEnv;
  /** This run's process id, written into temp-file names so the next run can tell a killed run's leftovers. */
  pid: number;
  /** Whether a process id is a running process (a temp file's owner still writing). */
  processAlive: (pid: number) => boolean;
}

/** The criteria shipped with the package. */
export const BUNDLED_CRITERIA = fileURLToPath(new URL('../../criteria/', import.meta.url));

export async function createContext(): Promise<CliContext> {
  const { Chalk } = await import('chalk');
  const isTTY = process.stdout.isTTY === true;
  const noColor = 'NO_COLOR' in process.env || process.env['TERM'] === 'dumb';
  return {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stdoutBytes: (b) => new Promise<void>((done, fail) => process.stdout.write(b, (e) => (e ? fail(e) : done()))),
    stdoutStream: process.stdout,
    stderr: (t) => process.stderr.write(t),
    color: new Chalk({ level: isTTY && !noColor ? 1 : 0 }),
    isTTY,
    today: todayInShanghai(new Date()),
    env: process.env,
    pid: process.pid,
    processAlive: (pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (e) {
        // EPERM: it exists but belongs to someone else — still alive.
        return typeof e === 'object' && e !== null && 'code' in e && e.code === 'EPERM';
      }
    },
  };
}

/** Deadlines are judged by calendar day in China Standard Time, whatever the machine's zone. */
export function todayInShanghai(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
