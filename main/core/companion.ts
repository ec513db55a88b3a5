import type { CompanionApi } from '../../preload/contract';
import type { CompanionConfig, CoreContext } from './context/context';
import type { Logger } from './logging/logger';
import type { SecretStore } from './secrets/secret-store';
import type { SettingsBackend } from './settings/backend';
import type { ScanningPorts } from './scanning/scanning';
import type { ExportsOptions } from './exports/exports';
import { createDispatch, type Dispatch } from './contract-dispatch';
import { CompanionEvents } from './context/events';
import { settingsMethods, createPinCheck, settingsView } from './manager/settings-methods';
import { SettingsService } from './settings/settings-service';
import { bindSecretsToSettings } from './settings/secret-origins';
import { ConnectionTracker } from './context/connection';
import { StatusService, throttled } from './status/status-service';
import { Warnings } from './context/warnings';
import { appInfo } from './status/app-info';
import { createScanning } from './scanning/scanning';
import { createExports } from './exports/exports';
import { createCheckout } from './checkout/checkout-capability';
import { setupMethods, type ProfilePort } from './setup/setup-methods';
import { diagnosticsMethods } from './diagnostics/diagnostics';
import { createPermissions } from './permissions/permissions';
import { createPrompts } from './prompts/prompts';
import { lookupClient } from './customers/custobar-source';
import { createHistory, type HistoryOptions } from './history/history-capability';
import { NO_METRICS } from './context/metrics-recorder';
import { createMetrics, type Metrics } from './metrics/till-metrics';
import { observeTill } from './metrics/observe-till';
import { startOtlpPush } from './metrics/otlp-push';

/** What the shell provides: the things that differ between Electron and plain Node. */
export interface CompanionPorts {
  settingsBackend: SettingsBackend;
  secrets: SecretStore;
  logger: Logger;
  now?: () => Date;
  scanning?: ScanningPorts;
  exports?: ExportsOptions;
  /** First run: the data set in use and switching to another (the start-up owns both). */
  profile?: ProfilePort;
  /** Where the app's log files are (the diagnostics zip takes them from here); default <dataDir>/logs. */
  logsDir?: string;
  /** Machine-wide IT policy file (settings enforced and locked); absent file = no policy. */
  policyFile?: string;
  /** One event hub that outlives a switch of data set, so connected UIs stay subscribed. */
  events?: CompanionEvents;
  /** The dashboard's history sampler (tests shorten its interval). */
  history?: HistoryOptions;
  /** false turns the fleet metrics off (the benchmark's reference); on by default. */
  metrics?: boolean;
}

export interface Companion {
  scanning: ReturnType<typeof createScanning>;
  exports: ReturnType<typeof createExports>;
  checkout: ReturnType<typeof createCheckout>;
  permissions: ReturnType<typeof createPermissions>;
  prompts: ReturnType<typeof createPrompts>;
  api: CompanionApi;
  dispatch: Dispatch;
  events: CompanionEvents;
  context: CoreContext;
  /** Prometheus metrics of this till (`GET /metrics`, the OpenTelemetry export). */
  metrics: Metrics;
  close(): Promise<void>;
}

/**
 * Builds the application from its configuration and the shell's ports. Electron's main process and
 * service mode both call this; nothing here knows which one it is running in.
 */
export async function createCompanion(config: CompanionConfig, ports: CompanionPorts): Promise<Companion> {
  const now = ports.now ?? (() => new Date());
  const warnings = new Warnings(now);
  const events = ports.events ?? new CompanionEvents();
  const settings = new SettingsService(ports.settingsBackend, config.overrides, warnings, ports.logger.child('settings'), { policyFile: ports.policyFile });
  // Credentials are handed out only for the origin they were given for (see secret-origins.ts).
  const secrets = bindSecretsToSettings(ports.secrets, settings, warnings);
  const initial = settings.get();
  const metrics = ports.metrics === false ? null : createMetrics();
  const ctx: CoreContext = {
    config,
    settings,
    secrets,
    events,
    warnings,
    logger: ports.logger,
    now,
    startedAt: now(),
    connections: {
      custobar: new ConnectionTracker(initial.custobar.baseUrl, now),
      benefits: new ConnectionTracker(initial.benefits.baseUrl, now),
    },
    metrics: metrics ?? NO_METRICS,
    ids: () => {
      const general = settings.get().general;
      return { shopId: general.shopId || 'STORE-1', tillId: general.tillId || config.hostname };
    },
  };

  const status = new StatusService(ctx);
  status.watch(warnings);
  status.watch(ctx.connections.custobar);
  status.watch(ctx.connections.benefits);
  settings.onChange((s) => {
    ctx.connections.custobar.setTarget(s.custobar.baseUrl);
    ctx.connections.benefits.setTarget(s.benefits.baseUrl);
    status.changed();
  });

  const requirePin = createPinCheck(ctx);
  const scanning = createScanning(ctx, ports.scanning ?? {}, requirePin);
  status.watch(scanning.manager);
  status.extend((s) => ({ ...s, scanner: scanning.manager.status() }));

  let checkoutCap: ReturnType<typeof createCheckout> | null = null;
  let promptsCap: ReturnType<typeof createPrompts> | null = null;
  const exportsCap = createExports(ctx, requirePin, ports.exports, {
    committed: (items) => {
      const customers = items.filter((i) => i.type === 'customers');
      // A forgotten customer's campaign prompts go too, by every key the till knows them by (the
      // cached cards link an id to a phone number), so first, while the cache still has them.
      const gone = customers.filter((i) => i.record.is_forgotten === true || i.record.is_deleted === true);
      if (gone.length && promptsCap && checkoutCap) {
        const named = gone.map((i) => ({ externalId: textOrNull(i.record.external_id), phone: textOrNull(i.record.phone_number), email: textOrNull(i.record.email) }));
        promptsCap.forget(named.flatMap((who) => [who, ...checkoutCap!.cache.keysOf(who)]));
      }
      checkoutCap?.customersExported(customers);
      checkoutCap?.activityExported(items);
    },
  });
  let permissionsCap: ReturnType<typeof createPermissions> | null = null;
  checkoutCap = createCheckout(ctx, {
    requirePin,
    db: exportsCap.db,
    intake: scanning.intake,
    outbox: exportsCap.store,
    exportEvent: (record) => exportsCap.ingest('events', [record], { partial: false, source: 'redemption' }),
    consentView: (customer, fresh) => permissionsCap?.consentView(customer, fresh) ?? { consents: customer.consents, change: null },
    prompts: (customer) => promptsCap?.forCustomer(customer) ?? [],
  });
  const checkout = checkoutCap;
  const permissions = createPermissions(ctx, requirePin, {
    db: exportsCap.db,
    client: exportsCap.client,
    lookupClient: lookupClient(() => ctx.settings.get().custobar, () => ctx.secrets.get('custobarToken'), () => ctx.settings.get().customers.lookupTimeoutMs),
    cache: checkout.cache,
    inOutbox: (type, key) => exportsCap.store.holds(type, key),
    enqueue: (groups, source) => exportsCap.ingestTogether(groups, source),
    forgotten: (keys) => promptsCap?.forget(keys),
  });
  permissionsCap = permissions;
  const prompts = createPrompts(ctx, {
    db: exportsCap.db,
    checkout: checkout.checkout,
    exportEvent: (record) => exportsCap.ingest('events', [record], { partial: false, source: 'prompt' }),
  });
  promptsCap = prompts;
  status.watch(permissions);
  status.extend((s) => ({ ...s, permissions: permissions.status() }));
  permissions.onChange(() => checkout.checkout.refreshConsents());
  status.watch(exportsCap);
  status.extend((s) => ({ ...s, exports: exportsCap.status() }));
  exportsCap.onChange(() => exportsEvents.changed());
  const history = createHistory(ctx, exportsCap.db, ports.history);
  const exportsEvents = throttled(() => ctx.events.emit('exports', exportsCap.status()));

  const api: CompanionApi = {
    'app.info': async () => appInfo(ctx),
    'status.get': async () => status.get(),
    ...settingsMethods(ctx, requirePin),
    ...scanning.methods,
    ...exportsCap.methods,
    ...checkout.methods,
    ...permissions.methods,
    ...prompts.methods,
    ...history.methods,
    ...setupMethods(ctx, requirePin, ports.profile ?? { current: () => (config.demo ? 'demo' : 'real'), switchTo: () => undefined }, { settingsChanged: async () => ctx.events.emit('settings', await api['settings.get']({})) }),
    ...diagnosticsMethods(ctx, requirePin, {
      status: async () => status.get(),
      settings: () => settingsView(ctx),
      outboxCounts: () => exportsCap.status(),
      deadLetters: async (page) => exportsCap.listDeadLetters(page),
      secrets: ports.secrets,
    }, ports.logsDir ? { logsDir: ports.logsDir } : {}),
  };
  if (metrics) observeTill(ctx, metrics, { scanning, exports: exportsCap });
  const otlp = metrics ? startOtlpPush(ctx, metrics) : null;
  await scanning.start();
  exportsCap.start();
  checkout.start();
  permissions.start();
  prompts.start();
  history.start();

  return {
    api,
    dispatch: createDispatch(api, ports.logger.child('contract')),
    events,
    context: ctx,
    metrics: metrics ?? disabledMetrics(),
    scanning,
    exports: exportsCap,
    checkout,
    permissions,
    prompts,
    close: async () => {
      // First, while the database is open: the exporter's last push reads the backlog.
      await otlp?.close();
      history.close();
      await scanning.close();
      await permissions.close();
      await prompts.close();
      await checkout.close();
      await exportsCap.close();
      exportsEvents.cancel();
      status.close();
      metrics?.close();
    },
  };
}

const textOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Metrics off: a scrape answers with nothing rather than failing. */
function disabledMetrics(): Metrics {
  return { ...NO_METRICS, observe: () => undefined, render: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', text: '' }), json: async () => [], close: () => undefined };
}
