import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { projectRoot, tempDir } from '../helpers/service-process';

/**
 * The operations files for fleets (ops/prometheus, ops/grafana, ops/otel): the alerting rules and
 * the scrape config are checked and unit-tested by promtool, the dashboard and the collector config
 * are parsed and held to the metrics the app exposes.
 */

const ops = path.join(projectRoot, 'ops');
const prometheusDir = path.join(ops, 'prometheus');
const read = (...parts: string[]) => fs.readFileSync(path.join(ops, ...parts), 'utf8');

// --- promtool -----------------------------------------------------------------------------------

function findPromtool(): string | null {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const candidates = [process.env.PROMTOOL, ...dirs.map((d) => path.join(d, 'promtool')), '/usr/bin/promtool'];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

const PROMTOOL = findPromtool();
const NO_PROMTOOL =
  'promtool is not installed (looked on PATH, at /usr/bin/promtool and in $PROMTOOL). It comes with the Debian package ' +
  '`prometheus`: `sudo apt-get install prometheus` (.ci/run installs it). Without it the alerting rules and the scrape config go unchecked.';

/** Runs promtool; fails the test (never skips it) when promtool is missing. */
function promtool(args: string[], cwd = projectRoot): { status: number | null; output: string } {
  if (!PROMTOOL) throw new Error(NO_PROMTOOL);
  const result = spawnSync(PROMTOOL, args, { cwd, encoding: 'utf8', timeout: 90_000 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

// --- PromQL: which metrics an expression reads --------------------------------------------------

/** The metrics the app exposes (the fleet-metrics brief), and what Prometheus adds. */
const APP_METRICS = [
  'till_outbox_pending',
  'till_outbox_oldest_pending_seconds',
  'till_outbox_sent_total',
  'till_outbox_failed_total',
  'till_dead_letters',
  'till_redemptions_total',
  'till_scan_to_benefits_seconds',
  'till_scans_total',
  'till_scanner_connected',
  'till_upstream_up',
  'till_info',
];
const HISTOGRAMS = ['till_scan_to_benefits_seconds'];

function isKnownMetric(name: string): boolean {
  if (APP_METRICS.includes(name) && !HISTOGRAMS.includes(name)) return true;
  if (HISTOGRAMS.some((h) => [`${h}_bucket`, `${h}_sum`, `${h}_count`].includes(name))) return true;
  return name === 'up' || /^(process|nodejs)_[a-z0-9_]+$/.test(name);
}

const PROMQL_WORDS = new Set([
  ...['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan'],
  // Aggregations may have their by/without clause before the parenthesis.
  ...['sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile'],
]);

/** The metric names a PromQL expression selects (not functions, labels, keywords or numbers). */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '$1 ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/[0-9][0-9a-zA-Z_.]*|[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const token = match[0];
    if (/^[0-9]/.test(token) || PROMQL_WORDS.has(token.toLowerCase())) continue;
    if (/^\s*\(/.test(bare.slice(match.index + token.length))) continue; // a function call
    names.add(token);
  }
  return [...names];
}

describe('metricNames (the checker the dashboard and rules are held to)', () => {
  it('finds metrics and skips functions, labels, ranges and keywords', () => {
    expect(metricNames('histogram_quantile(0.95, sum by (le, shop_id) (rate(till_scan_to_benefits_seconds_bucket{till_id=~"$till_id"}[$__rate_interval])))')).toEqual([
      'till_scan_to_benefits_seconds_bucket',
    ]);
    expect(metricNames('count(up{job="x"} == 0) or vector(0)')).toEqual(['up']);
    expect(metricNames('a_total offset 30m unless on(instance) group_left(shop_id) b * 1e3')).toEqual(['a_total', 'b']);
    expect(metricNames('label_replace(till_info, "exported_shop_id", "$1", "shop_id", "(.*)")')).toEqual(['till_info']);
    expect(isKnownMetric('till_scan_to_benefits_seconds')).toBe(false);
    expect(isKnownMetric('customer_phone')).toBe(false);
  });
});

// --- Alerting rules -----------------------------------------------------------------------------

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const rules = (parse(read('prometheus', 'alerts.yml')) as { groups: { name: string; rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const alerts = rules.filter((r) => r.alert);
const records = rules.filter((r) => r.record).map((r) => r.record!);
const alert = (name: string) => alerts.find((a) => a.alert === name)!;

interface AlertCase {
  eval_time: string;
  alertname: string;
  exp_alerts?: { exp_labels?: Record<string, string> }[];
}
interface TestGroup {
  name?: string;
  input_series?: { series: string; values: string }[];
  alert_rule_test?: AlertCase[];
}
const alertTests = (parse(read('prometheus', 'alerts.test.yml')) as { rule_files: string[]; tests: TestGroup[] }).tests;

describe('ops/prometheus/alerts.yml', () => {
  it('promtool is installed (the Debian package prometheus)', () => {
    expect(PROMTOOL, NO_PROMTOOL).not.toBeNull();
  });

  it('passes promtool check rules', () => {
    const { status, output } = promtool(['check', 'rules', 'ops/prometheus/alerts.yml']);
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
    expect(status, output).toBe(0);
  });

  it('passes its promtool unit tests: each alert fires on a failing till, not on a healthy one', () => {
    const { status, output } = promtool(['test', 'rules', 'alerts.test.yml'], prometheusDir);
    expect(output, output).not.toMatch(/FAILED/);
    expect(status, output).toBe(0);
    expect(output).toContain('SUCCESS');
  });

  it('passes its opening-hours unit tests (EU summer time, Europe/Helsinki)', () => {
    const { status, output } = promtool(['test', 'rules', 'opening-hours.test.yml'], prometheusDir);
    expect(output, output).not.toMatch(/FAILED/);
    expect(status, output).toBe(0);
  });

  it('has the alerts a fleet needs, with the agreed thresholds', () => {
    expect(alerts.map((a) => a.alert)).toEqual(
      expect.arrayContaining(['TillDown', 'TillOutboxBacklogOld', 'TillDeadLetters', 'TillScannerDisconnected', 'TillCustobarUnreachable', 'TillRedemptionConflict']),
    );
    expect(alert('TillDown').expr).toMatch(/up\{job="till-companion"\} == 0/);
    expect(alert('TillOutboxBacklogOld').expr).toMatch(/type=~"sales\|events"\} > 2 \* 3600/);
    expect(alert('TillOutboxBacklogOld').expr).toMatch(/type=~"customers\|products\|shops"\} > 26 \* 3600/);
    expect(alert('TillDeadLetters').expr).toBe('till_dead_letters > 0');
    expect(alert('TillScannerDisconnected').expr).toMatch(/till_scanner_connected == 0\s+and on\(\) till:store_open:bool == 1/);
    expect(alert('TillCustobarUnreachable')).toMatchObject({ expr: 'till_upstream_up{service="custobar"} == 0', for: '15m' });
    expect(alert('TillRedemptionConflict').expr).toMatch(/increase\(till_redemptions_total\{outcome="conflict"\}\[\w+\]\) > 0/);
  });

  it('gives every alert a severity and a summary and description that name the shop and the till', () => {
    for (const a of alerts) {
      expect(['critical', 'warning'], a.alert).toContain(a.labels?.severity);
      for (const key of ['summary', 'description']) {
        expect(a.annotations?.[key], `${a.alert} ${key}`).toMatch(/\{\{ \$labels\.shop_id \}\}.*\{\{ \$labels\.till_id \}\}/s);
      }
    }
  });

  it('reads only the metrics the app exposes, up, and its own recording rules', () => {
    for (const rule of rules) {
      const unknown = metricNames(rule.expr).filter((n) => !isKnownMetric(n) && !records.includes(n));
      expect(unknown, rule.alert ?? rule.record).toEqual([]);
    }
  });

  it('unit-tests every alert firing, and next to it a healthy till that stays quiet', () => {
    const tillOf = (labels: Record<string, string>) => `${labels.shop_id}/${labels.till_id}`;
    const seriesTill = (series: string) => {
      const labels = Object.fromEntries([...series.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      return tillOf(labels);
    };
    for (const { alert: name } of alerts) {
      const groups = alertTests.filter((g) => g.alert_rule_test?.some((c) => c.alertname === name));
      const firing = groups.flatMap((g) => g.alert_rule_test!.filter((c) => c.alertname === name && (c.exp_alerts?.length ?? 0) > 0));
      expect(firing.length, `${name}: no test where it fires`).toBeGreaterThan(0);
      const quietTills = groups.flatMap((g) => {
        const fired = new Set(g.alert_rule_test!.filter((c) => c.alertname === name).flatMap((c) => (c.exp_alerts ?? []).map((e) => tillOf(e.exp_labels ?? {}))));
        return (g.input_series ?? []).map((s) => seriesTill(s.series)).filter((t) => !fired.has(t));
      });
      expect(quietTills.length, `${name}: no healthy till in its tests`).toBeGreaterThan(0);
    }
  });
});

// --- Scrape config (agent mode) -----------------------------------------------------------------

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  authorization?: { type?: string; credentials_file?: string };
  file_sd_configs?: { files: string[] }[];
  static_configs?: { targets: string[]; labels?: Record<string, string> }[];
  relabel_configs?: { target_label?: string; replacement?: string; source_labels?: string[] }[];
}

describe('ops/prometheus/scrape-example.yml', () => {
  const text = read('prometheus', 'scrape-example.yml');
  const config = parse(text) as { scrape_configs: ScrapeConfig[]; remote_write: { url: string }[]; rule_files?: unknown; alerting?: unknown };

  it('passes promtool check config --agent --syntax-only as committed', () => {
    const { status, output } = promtool(['check', 'config', '--agent', '--syntax-only', 'ops/prometheus/scrape-example.yml']);
    expect(status, output).toBe(0);
  });

  it('passes the full promtool check config --agent once its token files and file_sd targets exist', () => {
    // The config names files under /etc/prometheus; the full check opens them. Move them into a
    // temporary root with dummy tokens and the file_sd example as the store's target file.
    const root = tempDir('till-ops-');
    const moved = text.replaceAll('/etc/prometheus/', `${root}/etc/prometheus/`);
    const secrets = [...moved.matchAll(/^\s*(?:credentials_file|password_file):\s*(\S+)/gm)].map((m) => m[1]!);
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    for (const file of secrets) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'dummy-token-for-promtool\n', { mode: 0o600 });
    }
    const sdGlobs = (parse(moved) as { scrape_configs: ScrapeConfig[] }).scrape_configs.flatMap((c) => (c.file_sd_configs ?? []).flatMap((f) => f.files));
    expect(sdGlobs.length).toBeGreaterThan(0);
    for (const glob of sdGlobs) {
      fs.mkdirSync(path.dirname(glob), { recursive: true });
      fs.copyFileSync(path.join(prometheusDir, 'file_sd-example.yml'), glob.replace('*', 'shop-0123'));
    }
    const file = path.join(root, 'prometheus.yml');
    fs.writeFileSync(file, moved);
    try {
      const { status, output } = promtool(['check', 'config', '--agent', file]);
      expect(output).toContain('SUCCESS');
      expect(output).not.toMatch(/WARNING|FAILED/);
      expect(status, output).toBe(0);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('scrapes /metrics with a bearer token from a file, as job till-companion, and remote-writes', () => {
    expect(config.rule_files).toBeUndefined();
    expect(config.alerting).toBeUndefined();
    expect(config.scrape_configs.length).toBeGreaterThanOrEqual(2);
    for (const job of config.scrape_configs) {
      expect(job.metrics_path ?? '/metrics', job.job_name).toBe('/metrics');
      expect(job.authorization, job.job_name).toMatchObject({ type: 'Bearer', credentials_file: expect.stringMatching(/^\//) });
      expect(job.relabel_configs, job.job_name).toContainEqual({ target_label: 'job', replacement: 'till-companion' });
      expect((job.file_sd_configs?.length ?? 0) + (job.static_configs?.length ?? 0), job.job_name).toBeGreaterThan(0);
      for (const targets of job.static_configs ?? []) expect(Object.keys(targets.labels ?? {})).toEqual(expect.arrayContaining(['shop_id', 'till_id']));
    }
    // Service mode on the service port (4780), the desktop app on its ingest port (4781).
    expect(text).toMatch(/:4781/);
    expect(text).toMatch(/4780/);
    expect(config.remote_write[0]?.url).toMatch(/^https:\/\/.+\/api\/v1\/push$/);
  });

  it('has a file_sd example whose every target carries shop_id and till_id', () => {
    const targets = parse(read('prometheus', 'file_sd-example.yml')) as { targets: string[]; labels: Record<string, string> }[];
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) {
      expect(t.targets.length).toBeGreaterThan(0);
      expect(t.labels).toEqual({ shop_id: expect.any(String), till_id: expect.any(String) });
    }
  });
});

// --- Grafana dashboard --------------------------------------------------------------------------

interface Target {
  refId: string;
  expr?: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  gridPos?: { h: number; w: number; x: number; y: number };
  targets?: Target[];
  panels?: Panel[];
}
interface Variable {
  name: string;
  type: string;
  query?: string | { query: string };
  definition?: string;
  datasource?: { type?: string; uid?: string };
  multi?: boolean;
  includeAll?: boolean;
}

describe('ops/grafana/till-companion.json', () => {
  const dashboard = JSON.parse(read('grafana', 'till-companion.json')) as { schemaVersion: number; uid: string; templating: { list: Variable[] }; panels: Panel[] };
  const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  const queryPanels = panels.filter((p) => p.type !== 'row');
  const targets = queryPanels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, ...t })));
  const exprs = targets.map((t) => t.expr ?? '');
  const variable = (name: string) => dashboard.templating.list.find((v) => v.name === name);
  const queryOf = (v: Variable | undefined) => (typeof v?.query === 'string' ? v.query : v?.query?.query);

  it('is a current dashboard with a Prometheus data source variable', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.schemaVersion).toBeLessThanOrEqual(41);
    expect(dashboard.uid).toBeTruthy();
    expect(variable('datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
  });

  it('has multi-value shop_id and till_id variables from till_info, with All', () => {
    const shop = variable('shop_id');
    const till = variable('till_id');
    for (const v of [shop, till]) {
      expect(v, 'variable').toMatchObject({ type: 'query', multi: true, includeAll: true, datasource: { uid: '${datasource}' } });
    }
    expect(queryOf(shop)).toBe('label_values(till_info, shop_id)');
    expect(queryOf(till)).toMatch(/^label_values\(till_info\{shop_id=~"\$shop_id"\}, till_id\)$/);
  });

  it('queries the data source variable in every panel, with unique ids and a place on the grid', () => {
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    expect(queryPanels.length).toBeGreaterThanOrEqual(15);
    for (const p of queryPanels) {
      expect(p.datasource?.uid, p.title).toBe('${datasource}');
      expect(p.gridPos, p.title).toMatchObject({ h: expect.any(Number), w: expect.any(Number), x: expect.any(Number), y: expect.any(Number) });
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets ?? []) {
        expect(t.expr, p.title).toBeTruthy();
        expect(t.datasource?.uid ?? p.datasource?.uid, p.title).toBe('${datasource}');
      }
    }
  });

  it('reads only the metrics the app exposes (and process_*, nodejs_*, up), filtered by the chosen shops and tills', () => {
    for (const t of targets) {
      expect(metricNames(t.expr!).filter((n) => !isKnownMetric(n)), `${t.panel}: ${t.expr}`).toEqual([]);
      expect(t.expr, t.panel).toContain('shop_id=~"$shop_id"');
      expect(t.expr, t.panel).toContain('till_id=~"$till_id"');
    }
    const used = new Set(exprs.flatMap(metricNames));
    for (const metric of [...APP_METRICS.filter((m) => !HISTOGRAMS.includes(m)), 'till_scan_to_benefits_seconds_bucket', 'up', 'process_resident_memory_bytes']) {
      expect([...used], `no panel shows ${metric}`).toContain(metric);
    }
    expect(exprs.some((e) => e.startsWith('histogram_quantile(0.5,'))).toBe(true);
    expect(exprs.some((e) => e.startsWith('histogram_quantile(0.95,'))).toBe(true);
  });

  it('has a fleet row and a per-till row', () => {
    expect(panels.filter((p) => p.type === 'row').map((p) => p.title)).toEqual([expect.stringMatching(/fleet/i), expect.stringMatching(/per till/i)]);
  });

  it('has only valid PromQL (promtool check rules on the queries, Grafana variables filled in)', () => {
    const filled = exprs.map((e) =>
      e
        .replaceAll('$__rate_interval', '5m')
        .replaceAll('$__interval', '1m')
        .replaceAll('$__range', '1h')
        .replace(/\$\w+/g, '.*'),
    );
    const root = tempDir('till-ops-');
    const file = path.join(root, 'dashboard-queries.yml');
    fs.writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules: filled.map((expr, i) => ({ record: `dashboard:query_${i}`, expr })) }] }));
    try {
      const { status, output } = promtool(['check', 'rules', file]);
      expect(status, output).toBe(0);
      expect(output).toContain(`SUCCESS: ${filled.length} rules found`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

// --- OpenTelemetry Collector --------------------------------------------------------------------

interface Pipeline {
  receivers: string[];
  processors?: string[];
  exporters: string[];
}
interface CollectorConfig {
  extensions?: Record<string, unknown>;
  receivers: Record<string, { protocols?: { http?: { endpoint?: string } } }>;
  processors: Record<string, unknown>;
  exporters: Record<string, { endpoint?: string } | null>;
  service: { extensions?: string[]; pipelines: Record<string, Pipeline> };
}

describe('ops/otel/collector-example.yml', () => {
  const text = read('otel', 'collector-example.yml');
  const config = parse(text) as CollectorConfig;

  it('receives OTLP over HTTP on 4318', () => {
    expect(config.receivers.otlp?.protocols?.http?.endpoint).toMatch(/:4318$/);
    expect(text).toContain('http://collector:4318');
    expect(text).toMatch(/\/v1\/metrics and \/v1\/logs/);
    expect(text).toMatch(/service\.name=till-companion, service\.version=.*shop\.id=.*till\.id=/);
  });

  it('has a metrics pipeline to prometheusremotewrite and a logs pipeline, memory_limiter first and batch last', () => {
    const { metrics, logs } = config.service.pipelines;
    expect(metrics?.exporters).toContain('prometheusremotewrite');
    expect(config.exporters.prometheusremotewrite?.endpoint).toMatch(/^https?:\/\//);
    expect(logs?.exporters.some((e) => e.startsWith('otlphttp') || e === 'debug')).toBe(true);
    for (const [name, pipeline] of Object.entries(config.service.pipelines)) {
      expect(pipeline.receivers, name).toEqual(['otlp']);
      expect(pipeline.processors?.[0], name).toBe('memory_limiter');
      expect(pipeline.processors?.at(-1), name).toBe('batch');
    }
  });

  it('defines every component a pipeline uses', () => {
    for (const [name, pipeline] of Object.entries(config.service.pipelines)) {
      for (const r of pipeline.receivers) expect(Object.keys(config.receivers), `${name}: ${r}`).toContain(r);
      for (const p of pipeline.processors ?? []) expect(Object.keys(config.processors), `${name}: ${p}`).toContain(p);
      for (const e of pipeline.exporters) expect(Object.keys(config.exporters), `${name}: ${e}`).toContain(e);
    }
    for (const e of config.service.extensions ?? []) expect(Object.keys(config.extensions ?? {})).toContain(e);
  });

  it('turns the resource attributes shop.id and till.id into shop_id and till_id labels on the metrics', () => {
    const processors = config.service.pipelines.metrics!.processors ?? [];
    const statements = JSON.stringify(processors.map((p) => config.processors[p]));
    expect(statements).toContain('set(attributes[\\"shop_id\\"], resource.attributes[\\"shop.id\\"])');
    expect(statements).toContain('set(attributes[\\"till_id\\"], resource.attributes[\\"till.id\\"])');
  });
});

// --- CI -----------------------------------------------------------------------------------------

describe('.ci/run', () => {
  it('installs promtool (Debian package prometheus) for these tests', () => {
    const run = fs.readFileSync(path.join(projectRoot, '.ci', 'run'), 'utf8');
    expect(run).toMatch(/apt-get install [^\n]*\bprometheus\b/);
  });
});
