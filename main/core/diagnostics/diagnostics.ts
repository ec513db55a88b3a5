/**
 * diagnostics.export: one zip a shop can send to support — recent logs, status, settings without
 * secrets, outbox counts, dead letters and a manifest — with tokens, phone numbers, e-mail addresses
 * and names redacted from every file (scrubber.ts). Written under <data dir>/diagnostics/.
 */
import path from 'node:path';
import type { CompanionApi } from '../../../preload/contract';
import { SecretName } from '../../../preload/schemas/settings';
import { CompanionError } from '../common/errors';
import type { CoreContext } from '../context/context';
import { flushLogger } from '../logging/logger';
import { collect, type DiagnosticsSources, type Limits } from './collect';
import { manifest } from './manifest';
import { Scrubber } from './scrubber';
import { mapLines } from './slices';
import { freePath, prepareDir, writePrivate, zipAsync, zipName } from './zip-file';

export type { DiagnosticsSources } from './collect';

type DiagnosticsMethods = Pick<CompanionApi, 'diagnostics.export'>;

const DEFAULT_LIMITS: Limits = { logBudgetBytes: 5 * 1024 * 1024, maxDeadLetters: 1000 };

export interface DiagnosticsOptions extends Partial<Limits> {
  /**
   * The folder of till-companion.log and its rotated files. Default <data dir>/logs, where
   * main/app/start-app.ts opens the log; the logger does not tell its file, so this mirrors it.
   */
  logsDir?: string;
}

/** The till's own secrets and PIN hash: removed from the zip wherever they occur, whatever the key. */
function knownSecrets(ctx: CoreContext, sources: DiagnosticsSources): (string | undefined)[] {
  const pinHash = ctx.settings.get().manager.pinHash;
  return [...SecretName.options.map((name) => sources.secrets.get(name)), pinHash, ...pinHash.split(':')];
}

async function build(ctx: CoreContext, sources: DiagnosticsSources, logsDir: string, limits: Limits): Promise<{ name: string; data: Uint8Array }> {
  const createdAt = ctx.now();
  // The lines logged up to this moment belong in the zip; pino writes the file asynchronously.
  await flushLogger(ctx.logger).catch(() => undefined);
  const scrub = new Scrubber(knownSecrets(ctx, sources));
  const collected = await collect(sources, logsDir, scrub, limits);

  // Second pass only now: the names to remove are known once every part has been read.
  const files = new Map<string, string>();
  for (const [name, text] of collected.files) files.set(name, await mapLines(text, (line) => scrub.finish(line)));
  // Written by the app itself, so only the second pass: the first would mask its own wording
  // ("Bearer …") and take its `file` list for data.
  const about = scrub.finish(`${JSON.stringify(manifest(ctx, createdAt, collected, files, limits), null, 2)}\n`);

  const encoder = new TextEncoder();
  const entries: Record<string, Uint8Array> = { 'manifest.json': encoder.encode(about) };
  for (const [name, text] of files) entries[name] = encoder.encode(text);
  const { shopId, tillId } = ctx.ids();
  return { name: zipName(shopId, tillId, createdAt), data: await zipAsync(entries, createdAt) };
}

async function save(dir: string, name: string, data: Uint8Array): Promise<string> {
  let target = path.join(dir, name);
  try {
    await prepareDir(dir);
    target = await freePath(dir, name);
    await writePrivate(target, data);
    return target;
  } catch (error) {
    throw new CompanionError('unavailable', `Cannot write the diagnostics file to ${target}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function diagnosticsMethods(
  ctx: CoreContext,
  requirePin: (pin: string | undefined) => void,
  sources: DiagnosticsSources,
  { logsDir = path.join(ctx.config.dataDir, 'logs'), ...limits }: DiagnosticsOptions = {},
): DiagnosticsMethods {
  const log = ctx.logger.child('diagnostics');
  // Absolute even when the service was started with a relative --data-dir: the answer is shown to
  // a person who has to find the file.
  const dir = path.resolve(ctx.config.dataDir, 'diagnostics');
  // One export at a time: each holds up to the log budget in memory, and two in the same second
  // would otherwise race for the same file name.
  let queue: Promise<unknown> = Promise.resolve();
  const run = async (): Promise<string> => {
    const zip = await build(ctx, sources, logsDir, { ...DEFAULT_LIMITS, ...limits });
    const file = await save(dir, zip.name, zip.data);
    log.info('diagnostics zip written', { file, bytes: zip.data.byteLength });
    return file;
  };
  return {
    'diagnostics.export': async ({ pin }) => {
      // The zip holds the shop's operational data: the same PIN as settings, checked here in the core.
      requirePin(pin);
      const next = queue.then(run);
      queue = next.catch(() => undefined);
      return { path: await next };
    },
  };
}
