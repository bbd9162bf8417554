import { readFileSync } from 'node:fs';

const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

/** The package version, read once (reports and ledgers state the tool version that produced them). */
export const VERSION_HOLDER = { version: typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : '0.0.0' };
