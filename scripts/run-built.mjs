// `node scripts/run-built.mjs service|simulator [args]`: builds if needed, then runs the built entry
// in THIS process. No extra child process means signals (SIGTERM from a service manager or npm)
// reach the app directly and it can shut down cleanly.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuild } from './ensure-build.mjs';

const entries = { service: 'dist/service/cli.js', simulator: 'dist/simulator/cli.js' };
const [which, ...rest] = process.argv.slice(2);
if (!(which in entries)) {
  process.stderr.write(`usage: run-built.mjs ${Object.keys(entries).join('|')} [args]\n`);
  process.exit(2);
}
ensureBuild();
process.argv = [process.argv[0], path.resolve(import.meta.dirname, '..', entries[which]), ...rest];
await import(pathToFileURL(process.argv[1]).href);
