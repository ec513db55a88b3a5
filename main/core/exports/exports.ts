import path from 'node:path';
import type { CompanionApi } from '../../../preload/contract';
import type { CoreContext } from '../context/context';
import { CustobarClient } from '../custobar/client';
import { memoByInputs } from '../common/memo';
import type { Db } from '../db/database';
import { closeChecked, openOrSalvage } from '../db/salvage';
import { checkInBackground } from '../db/background-check';
import { CompanionError } from '../common/errors';
import { DeadLetters } from '../outbox/dead-letters';
import { DiskGuard } from '../outbox/disk-guard';
import { Dispatcher } from '../outbox/dispatcher';
import { GroupCommit, type GroupCommitOptions } from '../outbox/group-commit';
import { OutboxStore, type OutboxItem } from '../outbox/outbox-store';
import { StagingStore } from '../outbox/staging-store';
import { ExportsStatusView } from './exports-status';
import { importFile, inboxResultText } from './inbox/import-file';
import { InboxWatcher } from './inbox/inbox-watcher';
import { droppedMessage, droppedParams, ingest, ingestTogether, type IngestDeps, type IngestOptions } from './ingest';
import { ingestStream, moveBatch, type StreamedRecord } from './ingest-stream';
import { normalizeRecord } from './normalize/normalize';
import { exportTypes, type ExportType } from '../custobar/types';
import type { BackoffOptions } from '../common/retry';

type ExportMethods = Pick<
  CompanionApi,
  'exports.status' | 'exports.sendNow' | 'deadLetters.list' | 'deadLetters.retry' | 'deadLetters.discard' | 'deadLetters.fix' | 'deadLetters.audit'
>;

export interface ExportsOptions {
  /** better_sqlite3.node built for this runtime (Electron in development). */
  nativeBinding?: string;
  /** An already open database (benchmarks, tests). */
  db?: Db;
  /** Retry backoff (tests shorten it). */
  retry?: BackoffOptions;
  /**
   * The background check found the database damaged (after a clean stop the start skips the check):
   * the app restarts on the file, and that start salvages it. Without it, the Status view says so.
   */
  onDamaged?: (reason: string) => void;
  /** Group commit's limits (benchmarks compare against one commit per request: maxRecords 1). */
  groupCommit?: GroupCommitOptions;
}

/**
 * The exports capability: POS inputs (inbox folder, ingest API) → durable outbox → dispatcher →
 * Custobar, with dead letters and status for the manager.
 */
export function createExports(
  ctx: CoreContext,
  requirePin: (pin: string | undefined) => void,
  options: ExportsOptions = {},
  hooks: { committed?: (items: readonly OutboxItem[]) => void } = {},
) {
  const dbFile = path.join(ctx.config.dataDir, 'till-companion.db');
  const opened = options.db ? { db: options.db, salvage: null, checked: true } : openOrSalvage(dbFile, { nativeBinding: options.nativeBinding }, ctx.now);
  const db = opened.db;
  let closed = false;
  if (!opened.checked && !options.db) {
    void checkInBackground(dbFile, options.nativeBinding).then((found) => {
      if (found === 'ok' || closed) return;
      const result = found.replace(/\s+/g, ' ');
      const message = `The database is damaged (${result}); the app restarts on it to salvage what is readable.`;
      ctx.logger.error(message);
      ctx.warnings.raise('database_damaged', message, { reason: result });
      options.onDamaged?.(result);
    });
  }
  if (opened.salvage) {
    const { reason, keptAs, rows } = opened.salvage;
    const counts = Object.entries(rows).filter(([, n]) => n > 0).map(([table, n]) => `${n} ${table}`).join(', ') || 'no rows';
    const message = `The database was damaged (${reason}). It is kept as ${keptAs}; a new one was made and ${counts} were salvaged into it.`;
    ctx.logger.error(message);
    ctx.warnings.raise('database_salvaged', message, { reason, keptAs });
  }
  const now = () => ctx.now().getTime();
  const store = new OutboxStore(db, now);
  const staging = new StagingStore(db, now);
  const deadLetters = new DeadLetters(db, store, now);
  const settings = () => ctx.settings.get();
  const disk = new DiskGuard(dbFile, () => settings().exports.maxDiskMb * 1024 * 1024, ctx.warnings);
  // Concurrent small ingest requests share one transaction (and one fsync).
  const group = new GroupCommit(store, disk, options.groupCommit);
  const listeners = new Set<() => void>();
  // Set once the dispatcher exists; runners report changes only after start().
  let statusView: ExportsStatusView | null = null;
  const changed = (): void => {
    statusView?.invalidate();
    for (const l of listeners) l();
  };

  const currentClient = memoByInputs(
    () => ({ settings: settings().custobar, token: ctx.secrets.get('custobarToken') }),
    (options): CustobarClient | null => (options.settings.baseUrl ? new CustobarClient(options) : null),
  );

  const dispatcher = new Dispatcher({
    store,
    client: currentClient,
    settings: () => settings().exports,
    timeZone: () => settings().general.storeTimeZone,
    connection: ctx.connections.custobar,
    logger: ctx.logger.child('dispatch'),
    onChange: changed,
    now,
    retry: options.retry,
    metrics: ctx.metrics,
  });
  const view = new ExportsStatusView(store, dispatcher, disk, () => currentClient()?.configured ?? false, () => settings().exports.schedules, now);
  statusView = view;
  const normalizeContext = () => ({
    timeZone: settings().general.storeTimeZone,
    defaultCountry: settings().general.defaultCountry,
    fromCsv: false,
    fieldMap: settings().exports.fieldMap,
    unknownFields: settings().exports.unknownFields,
    // The card field is this tenant's own customer field: it must reach Custobar as it is.
    extraFields: [settings().customers.cardField],
  });

  // The records are committed by now: what learns from them (the customer cache) may fail, for
  // example on a full disk, but must not turn an accepted request into an error.
  const learnFrom = (items: readonly OutboxItem[]): void => {
    try {
      hooks.committed?.(items);
    } catch (error) {
      ctx.logger.warn('committed records could not be added to the customer cache', { error });
    }
  };

  // A sealed upload whose move into the outbox failed (the disk filled up meanwhile) is committed
  // already; it is moved again shortly, and at every start.
  let moveRetry: NodeJS.Timeout | null = null;
  const moveSealedLater = (error: unknown): void => {
    ctx.logger.warn('a committed upload could not be moved into the outbox yet; retrying in 30 s', { error });
    disk.diskFull(error);
    moveRetry ??= setTimeout(() => {
      moveRetry = null;
      void moveSealed();
    }, 30_000);
  };
  const moveSealed = async (): Promise<void> => {
    for (const batch of staging.sealed()) await moveBatch(ingestDeps, batch.id, batch.type);
  };

  const ingestDeps: IngestDeps = {
    store,
    staging,
    disk,
    group,
    moveLater: moveSealedLater,
    dropped: (message, params) => ctx.warnings.raise('unknown_fields', message, params),
    context: normalizeContext,
    arrived: (type) => {
      dispatcher.kick(type);
      changed();
    },
    committed: (items) => learnFrom(items),
  };

  const inbox = new InboxWatcher({
    dir: () => settings().exports.inboxDir,
    pollMs: () => settings().exports.pollMs,
    importFile: (file, name, type, format) => importFile(file, name, type, format, ingestDeps),
    onImported: (result, destination) => {
      const why = inboxResultText(result);
      view.inbox = { dir: settings().exports.inboxDir, lastFile: path.basename(destination), lastResult: why.text, lastResultCode: why.code, lastResultParams: why.params };
      if (result.accepted > 0) dispatcher.kick(result.type);
      if (result.warnings?.length) ctx.warnings.raise('unknown_fields', droppedMessage(result.type, result.warnings), droppedParams(result.type, result.warnings));
      changed();
    },
    logger: ctx.logger.child('inbox'),
  });

  let lastSettings = JSON.stringify([settings().exports.schedules, settings().general.storeTimeZone]);
  const offSettings = ctx.settings.onChange((s) => {
    const key = JSON.stringify([s.exports.schedules, s.general.storeTimeZone]);
    if (key !== lastSettings) {
      lastSettings = key;
      dispatcher.applySchedules();
    }
    view.inbox = { ...view.inbox, dir: s.exports.inboxDir };
    changed();
  });

  // New settings or credentials (secrets.set publishes a settings event too): lift a pause for refused
  // credentials or a wrong address, and try again.
  const offSecrets = ctx.events.on('settings', () => {
    if (!dispatcher.paused) return;
    dispatcher.resume();
    for (const type of exportTypes) void dispatcher.runners[type].run();
  });

  const typesOf = (type: ExportType | 'all'): ExportType[] => (type === 'all' ? [...exportTypes] : [type]);

  const methods: ExportMethods = {
    'exports.status': async () => view.get(),
    'exports.sendNow': async ({ type }) => {
      // 409, not 503: nothing is down; the app lacks what it needs until the manager sets it.
      if (!currentClient()?.configured) throw new CompanionError('conflict', 'Custobar is not configured: set its address and token in Settings.', { reasonCode: 'custobar_unconfigured' });
      void dispatcher.sendNow(typesOf(type));
      return { ok: true as const };
    },
    'deadLetters.list': async ({ pin, ...page }) => {
      // The PIN is checked before anything is read: a refused answer carries no record contents.
      requirePin(pin);
      return deadLetters.list(page);
    },
    'deadLetters.retry': async ({ ids, type, pin }) => {
      requirePin(pin);
      const types = deadLetters.retry(ids, type);
      types.forEach((t) => void dispatcher.runners[t].run());
      changed();
      return { count: types.length };
    },
    'deadLetters.discard': async ({ ids, type, reason, pin }) => {
      requirePin(pin);
      const count = deadLetters.discard(ids, reason, type);
      ctx.logger.info(`discarded ${count} dead letter(s): ${reason}`);
      changed();
      return { count };
    },
    'deadLetters.fix': async ({ id, record, pin }) => {
      requirePin(pin);
      const type = deadLetters.typeOf(id);
      if (!type) throw new CompanionError('not_found', `Dead letter ${id} not found.`);
      const checked = normalizeRecord(type, record, normalizeContext());
      if (!checked.ok) throw new CompanionError('invalid_input', checked.errors.join('; '), checked.errors);
      deadLetters.fix(id, checked.record, checked.key);
      void dispatcher.runners[type].run();
      changed();
      return { count: 1 };
    },
    'deadLetters.audit': async ({ pin }) => {
      requirePin(pin);
      return deadLetters.auditLog();
    },
  };

  return {
    store,
    dispatcher,
    /** Failed records without the PIN check: for callers that have checked it (the diagnostics zip). */
    listDeadLetters: (page: { type?: ExportType; limit: number; offset: number }) => deadLetters.list(page),
    disk,
    db,
    /** How many transactions the ingest requests took (group commit). */
    groupCommit: group.stats,
    client: currentClient,
    ingest: (type: ExportType, records: readonly unknown[], opts: IngestOptions) => ingest(ingestDeps, type, records, opts),
    ingestStream: (type: ExportType, records: AsyncIterable<StreamedRecord>, opts: IngestOptions) => ingestStream(ingestDeps, type, records, opts),
    ingestTogether: (groups: readonly { type: ExportType; records: readonly unknown[] }[], source: string) => ingestTogether(ingestDeps, groups, source),
    status: () => view.get(),
    onChange: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    methods,
    inbox,
    start: () => {
      const recovered = store.recoverInflight();
      if (recovered > 0) ctx.logger.info(`${recovered} record(s) were in flight at the last stop; they will be sent again`);
      staging.discardUnsealed();
      void moveSealed();
      dispatcher.applySchedules();
      inbox.start();
    },
    close: async () => {
      offSettings();
      offSecrets();
      if (moveRetry) clearTimeout(moveRetry);
      await inbox.stop();
      await dispatcher.stop();
      // Requests still waiting for their group's commit get it before the database closes.
      group.flush();
      closed = true;
      if (!options.db) closeChecked(db, dbFile);
    },
  };
}
