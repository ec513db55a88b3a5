import { DataDirError } from '../app/data-dir';
import { watchLauncher } from './launcher-watch';
import { parseServiceArgs, usage, UsageError } from './args';
import { startService, type RunningService } from './run-service';

/**
 * `npm run serve -- …`. Stdout carries exactly one line, the URL to open, so scripts can read it;
 * everything else (logs, warnings) goes to stderr.
 */
async function main(): Promise<void> {
  const options = parseServiceArgs(process.argv.slice(2));
  if (options.help) {
    process.stderr.write(usage);
    return;
  }

  // Signal handlers go in before anything starts: a SIGTERM that arrives while the service is still
  // starting (or right after it printed its URL) must still end in a clean shutdown.
  let service: RunningService | null = null;
  let pendingReason: string | null = null;
  let stopping = false;
  const stop = (reason: string): void => {
    if (!service) {
      pendingReason ??= reason;
      return;
    }
    if (stopping) return;
    stopping = true;
    const running = service;
    running.logger.info(`${reason}: shutting down`);
    setTimeout(() => process.exit(1), 10_000).unref();
    running
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        running.logger.error('shutdown failed', { error });
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM received'));
  process.once('SIGINT', () => stop('SIGINT received'));

  service = await startService(options);
  process.stdout.write(`Till Companion listening on ${service.openUrl}\n`);
  watchLauncher(() => stop('the launching npm process exited'));
  if (pendingReason !== null) stop(pendingReason);
}

main().catch((error: unknown) => {
  // A data folder the app cannot use is said in one sentence that names the app already.
  if (error instanceof DataDirError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`till-companion: ${message}\n`);
  if (error instanceof UsageError) process.stderr.write(`\n${usage}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
