import { readFileSync } from 'node:fs';

// `hazard --version` answers before commander and the verbs are loaded: start-up is the whole cost of that command.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : '0.0.0'}\n`);
} else {
  const { main } = await import('./program.js');
  process.exitCode = await main(process.argv);
}
