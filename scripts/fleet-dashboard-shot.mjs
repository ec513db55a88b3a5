// Makes assets/screenshots/fleet-dashboard.png, the fleet dashboard for the README:
//   node scripts/fleet-dashboard-shot.mjs          (about 3 minutes; SHOT_MINUTES=1 for a quick look)
//
// Grafana is not packaged in Debian, so this is not a Grafana screenshot: the panels of
// ops/grafana/till-companion.json are drawn from a real Prometheus with the dashboard's own queries
// (Shop and Till = All), in a page laid out like Grafana's dark theme (uPlot for the time series) and
// shot in headless Chromium. The page header says so.
//
// What runs, all on loopback with random ports and temporary directories, stopped at the end:
//   - 3 service-mode tills in demo mode (their own Custobar simulator and feed of demo sales):
//     SHOP-1/TILL-1, SHOP-1/TILL-2, SHOP-2/TILL-3;
//   - Prometheus (Debian's package) scraping their /metrics every 2 s with the API token
//     (credentials_file) and shop_id/till_id target labels, as ops/prometheus/scrape-example.yml
//     does, with ops/prometheus/alerts.yml loaded;
//   - cashiers at each till: card scans (a few unreadable ones), redemptions and now and then a
//     void, and extra sales through POST /ingest/sales. Midway a poison sale on TILL-1 becomes a failed
//     record, Custobar stops answering TILL-2 (its backlog grows to the end) and TILL-3 is stopped
//     (till down).
//
// Env: SHOT_MINUTES  minutes of activity (default 2.5)
//      SHOT_OUT      where the PNG goes (default assets/screenshots/fleet-dashboard.png)
//      SHOT_FULL_PAGE=1  every row of the dashboard, not only the Fleet row (a tall image)
//      CHROMIUM_PATH (default /usr/bin/chromium), PROMETHEUS_PATH (default prometheus on PATH)
// Builds the app first when dist/ is missing or older than the sources.

/* global document, uPlot */ // in drawDashboard, which runs in the page
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL, URLSearchParams } from 'node:url';
import { chromium } from 'playwright-core';
import { stringify } from 'yaml';
import { ensureBuild } from './ensure-build.mjs';

const root = path.resolve(import.meta.dirname, '..');
const { fetch, AbortSignal } = globalThis;
const minutes = Number(process.env.SHOT_MINUTES ?? 2.5);
const outFile = path.resolve(root, process.env.SHOT_OUT ?? 'assets/screenshots/fleet-dashboard.png');
const fullPage = process.env.SHOT_FULL_PAGE === '1';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const prometheusPath = process.env.PROMETHEUS_PATH ?? 'prometheus';
const dashboardFile = path.join(root, 'ops', 'grafana', 'till-companion.json');
const rulesFile = path.join(root, 'ops', 'prometheus', 'alerts.yml');
const SCRAPE_SECONDS = 2;
const WIDTH = 1600;
/** Grafana's grid: 24 columns; a row of the grid is 30 px in Grafana, a little less here so the Fleet row fits 1000 px. */
const CELL_HEIGHT = 22;
const TILLS = [
  { n: 1, shop: 'SHOP-1' },
  { n: 2, shop: 'SHOP-1' },
  { n: 3, shop: 'SHOP-2' },
];
const CARDS = ['CU-7H3K9P2A', 'CU-4M8Q1Z6T', 'CU-9R2W5X8L', 'CU-3B6N0V4C'];
/** Typed or scanned by mistake: refused by the card rules (result="rejected"). */
const NOT_CARDS = ['hello world', 'https://shop.example/qr?id=42', 'CU 7H3K 9P2A !', '%%%'];
const PRODUCTS = [
  ['P-1001', 5490],
  ['P-2002', 2490],
  ['P-3001', 799],
  ['P-3002', 349],
  ['P-4001', 990],
];

const started = Date.now();
const log = (line) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
const pick = (list) => list[randomInt(list.length)];

// --- Child processes and temporary directories: all of them go at the end ------------------------

const children = new Set();
const tempDirs = [];
/** Set when the script stops (done, failed or interrupted): the cashiers and sales feeds end. */
let stopping = false;
/** A sleep that ends early when the script stops. */
async function nap(ms) {
  for (const end = Date.now() + ms; !stopping && Date.now() < end; ) await sleep(Math.min(250, end - Date.now()));
}

function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stopChild(child, timeoutMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

async function cleanUp() {
  stopping = true;
  await Promise.all([...children].map((child) => stopChild(child)));
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

// Whatever happens, no child outlives the script.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// --- Tills ------------------------------------------------------------------------------------------

/** A built service-mode till in demo mode; resolves once it prints its URL line and its simulator's address. */
async function startTill({ n, shop }, token) {
  const id = `TILL-${n}`;
  const dataDir = tempDir(`fleet-shot-till${n}-`);
  const args = ['--demo', '--port', '0', '--data-dir', dataDir, '--api-token', token, '--shop-id', shop, '--till-id', id];
  const child = track(spawn(process.execPath, [path.join(root, 'dist', 'service', 'cli.js'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  let simulator = null;
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${id} did not start in 60 s:\n${stderr}`)), 60_000);
    const check = () => {
      const base = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout)?.[1];
      simulator ??= /Custobar simulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1] ?? null;
      if (base && simulator) {
        clearTimeout(timer);
        resolve({ base, simulator });
      }
    };
    child.stdout.on('data', (d) => {
      stdout += d;
      check();
    });
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-20_000);
      check();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${id} exited (${code}) before listening:\n${stderr}`));
    });
  });
  return { id, shop, child, token, ...ready, stopped: false, stats: { accepted: 0, rejected: 0, redeemed: 0, voided: 0, sales: 0, errors: 0 } };
}

/** The contract API: {ok, value} or {ok: false, error}. */
async function call(till, method, input = {}) {
  const res = await fetch(`${till.base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${till.token}` },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(15_000),
  });
  return res.json();
}

async function ingest(till, type, records) {
  const res = await fetch(`${till.base}/ingest/${type}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${till.token}` },
    body: JSON.stringify(records),
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status !== 202) throw new Error(`${till.id}: POST /ingest/${type} answered ${res.status}: ${await res.text()}`);
}

async function simulatorFaults(till, patch) {
  const res = await fetch(`${till.simulator}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) });
  if (!res.ok) throw new Error(`${till.id}: the simulator refused the faults: ${res.status}`);
}

let saleNumber = 0;
function sale(till, id = `SHOT-${till.id}-${++saleNumber}`) {
  const lines = Array.from({ length: 1 + randomInt(3) }, (_, i) => {
    const [productId, price] = pick(PRODUCTS);
    const quantity = 1 + randomInt(2);
    return { external_id: `${id}-${i + 1}`, product_id: productId, quantity, unit_price: price, total: price * quantity };
  });
  const total = lines.reduce((sum, line) => sum + line.total, 0);
  const customer = randomInt(3) === 0 ? {} : { sale_customer_id: pick(CARDS) };
  const date = new Date().toISOString();
  return lines.map((line) => ({ sale_external_id: id, sale_date: date, sale_shop_id: till.shop, sale_total: total, sale_payment_method: 'card', ...customer, ...line }));
}

/** One customer at the till: a scan; for a card, wait for the benefits, maybe redeem one (and now and then void it). */
async function serveCustomer(till) {
  if (randomInt(7) === 0) {
    const scan = await call(till, 'scans.submit', { source: 'manual', raw: pick(NOT_CARDS) });
    till.stats[scan.value?.accepted ? 'accepted' : 'rejected'] += 1;
    return;
  }
  const scan = await call(till, 'scans.submit', { source: 'manual', raw: pick(CARDS) });
  if (!scan.ok || !scan.value?.accepted) return;
  till.stats.accepted += 1;
  let checkout = null;
  for (let i = 0; i < 40 && !till.stopped && !stopping; i++) {
    const got = await call(till, 'checkout.get');
    if (got.ok && got.value.checkoutId === scan.value.checkoutId && ['ready', 'error'].includes(got.value.benefitsState)) {
      checkout = got.value;
      break;
    }
    await nap(150);
  }
  const available = checkout?.benefitsState === 'ready' ? checkout.benefits.filter((b) => b.available) : [];
  if (available.length && randomInt(10) < 6) {
    await nap(300 + randomInt(900));
    const redeemed = await call(till, 'checkout.redeem', { benefitId: pick(available).id });
    if (redeemed.ok) {
      till.stats.redeemed += 1;
      if (randomInt(6) === 0) {
        await nap(500);
        const voided = await call(till, 'redemptions.void', { redemptionId: redeemed.value.id, reason: 'Customer changed their mind' });
        if (voided.ok) till.stats.voided += 1;
      }
    }
  }
  await nap(300 + randomInt(900));
  await call(till, 'checkout.new', {});
}

async function cashier(till, until) {
  while (Date.now() < until && !till.stopped && !stopping) {
    try {
      await serveCustomer(till);
    } catch (error) {
      if (!till.stopped && !stopping) {
        till.stats.errors += 1;
        if (till.stats.errors <= 3) log(`${till.id}: ${error.message}`);
      }
    }
    await nap(1000 + randomInt(3000));
  }
}

/** The POS's own sales now and then, on top of the demo feed. */
async function salesFeed(till, until) {
  while (Date.now() < until && !till.stopped && !stopping) {
    await nap(5000 + randomInt(10_000));
    if (till.stopped || stopping || Date.now() >= until) break;
    try {
      await ingest(till, 'sales', sale(till));
      till.stats.sales += 1;
    } catch (error) {
      if (!till.stopped && !stopping) log(error.message);
    }
  }
}

// --- Prometheus ---------------------------------------------------------------------------------------

async function startPrometheus(tills, token) {
  const dir = tempDir('fleet-shot-prometheus-');
  const tokenFile = path.join(dir, 'till-api-token');
  fs.writeFileSync(tokenFile, token, { mode: 0o600 });
  const config = {
    global: { scrape_interval: `${SCRAPE_SECONDS}s`, scrape_timeout: `${SCRAPE_SECONDS}s`, evaluation_interval: `${SCRAPE_SECONDS}s` },
    rule_files: [rulesFile],
    scrape_configs: [
      {
        job_name: 'till-companion-service',
        metrics_path: '/metrics',
        authorization: { type: 'Bearer', credentials_file: tokenFile },
        static_configs: tills.map((till) => ({ targets: [new URL(till.base).host], labels: { shop_id: till.shop, till_id: till.id } })),
        // As in ops/prometheus/scrape-example.yml: every till is job="till-companion".
        relabel_configs: [{ target_label: 'job', replacement: 'till-companion' }],
      },
    ],
  };
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  const args = [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'];
  const child = track(spawn(prometheusPath, args, { stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-20_000)));
  const spawned = await new Promise((resolve) => {
    child.once('error', resolve);
    child.once('spawn', () => resolve(null));
  });
  if (spawned) throw new Error(`prometheus is needed (Debian package "prometheus", or PROMETHEUS_PATH): ${spawned.message}`);
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 200) {
    if (await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)) break;
    if (waited > 30_000 || child.exitCode !== null) throw new Error(`prometheus did not become ready:\n${stderr}`);
    await sleep(200);
  }
  const api = async (endpoint, params) => {
    const res = await fetch(`${url}/api/v1/${endpoint}?${new URLSearchParams(params)}`);
    const body = await res.json();
    if (body.status !== 'success') throw new Error(`Prometheus ${endpoint} ${params.query ?? ''}: ${body.error}`);
    return body.data;
  };
  return { url, child, api, version: (await api('status/buildinfo', {})).version };
}

// --- The dashboard's queries -----------------------------------------------------------------------

function dashboardPanels(dashboard) {
  const panels = [];
  for (const panel of dashboard.panels) {
    panels.push(panel);
    if (panel.type === 'row' && panel.collapsed) panels.push(...(panel.panels ?? []));
  }
  return panels;
}

/** Grafana's variables: Shop and Till at All (their allValue, .*), and the range and rate intervals. */
function interpolate(expr, vars) {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (whole, braced, bare) => {
    const name = braced ?? bare;
    if (/^\d+$/.test(name)) return whole; // label_replace's $1
    if (!(name in vars)) throw new Error(`the dashboard uses $${name}, which this script does not know: ${expr}`);
    return vars[name];
  });
}

async function runQueries(prom, dashboard, from, to) {
  const range = Math.round(to - from);
  // Grafana: the interval is the range over the panel's width in pixels, at least the data source's
  // scrape interval; $__rate_interval is max(interval + scrape interval, 4 × scrape interval).
  const step = Math.max(SCRAPE_SECONDS, Math.ceil(range / 800));
  const rateInterval = Math.max(step + SCRAPE_SECONDS, 4 * SCRAPE_SECONDS);
  const vars = { shop_id: '.*', till_id: '.*', __range: `${range}s`, __range_s: String(range), __interval: `${step}s`, __rate_interval: `${rateInterval}s` };
  const start = Math.floor(from / step) * step;
  const end = Math.floor(to / step) * step;
  const panels = [];
  for (const panel of dashboardPanels(dashboard)) {
    const results = [];
    for (const target of panel.targets ?? []) {
      if (target.hide) continue;
      const expr = interpolate(target.expr, vars);
      const instant = target.instant === true || (['stat', 'table', 'bargauge', 'gauge'].includes(panel.type) && target.range !== true);
      const data = instant ? await prom.api('query', { query: expr, time: String(to) }) : await prom.api('query_range', { query: expr, start: String(start), end: String(end), step: String(step) });
      results.push({ target: { refId: target.refId, expr, legendFormat: target.legendFormat, format: target.format }, data });
    }
    panels.push({ panel, results });
  }
  return { panels, range, step, rateInterval, start, end };
}

/** What each panel got: so a panel that stays empty is said, not only seen. */
function summarize(panels) {
  const empty = [];
  for (const { panel, results } of panels) {
    if (panel.type === 'row') continue;
    const series = results.flatMap((r) => r.data.result);
    const numbers = series.flatMap((s) => (s.values ?? [s.value]).map((v) => Number(v[1]))).filter(Number.isFinite);
    let what;
    if (!series.length) what = 'EMPTY: no series';
    else if (!numbers.length) what = `EMPTY: ${series.length} series, all NaN`;
    else if (series[0].value && series.length === 1) what = `${numbers[0]}`;
    else what = `${series.length} series, ${numbers.length} values, max ${Math.max(...numbers).toPrecision(3)}`;
    if (what.startsWith('EMPTY')) empty.push(panel.title);
    process.stdout.write(`  #${String(panel.id).padStart(2)} ${panel.type.padEnd(14)} ${panel.title}: ${what}\n`);
  }
  return empty;
}

// --- The page ------------------------------------------------------------------------------------------

/** Runs in the page: draws the dashboard's panels from the query results. Returns where the Fleet row ends. */
function drawDashboard(model) {
  const PAD = 16;
  const GAP = 8;
  const CELL = model.cellHeight;
  const colW = (model.width - 2 * PAD - 23 * GAP) / 24;
  const MUTED = 'rgba(204, 204, 220, 0.65)';
  const GRID = 'rgba(204, 204, 220, 0.08)';
  const FONT = '11px "DejaVu Sans", sans-serif';
  // Grafana's classic palette and named colours.
  const PALETTE = ['#7EB26D', '#EAB839', '#6ED0E0', '#EF843C', '#E24D42', '#1F78C1', '#BA43A9', '#705DA0', '#508642', '#CCA300', '#447EBC', '#C15C17', '#890F02', '#0A437C', '#6D1F62', '#584477'];
  const NAMED = { green: '#73BF69', red: '#F2495C', orange: '#FF9830', yellow: '#FADE2A', blue: '#5794F2', purple: '#B877D9', text: '#ccccdc' };
  const color = (c) => NAMED[c] ?? c ?? PALETTE[0];
  const alpha = (hex, a) => `${hex}${Math.round(a * 255).toString(16).padStart(2, '0')}`;
  const darker = (hex) => `#${[1, 3, 5].map((i) => Math.round(parseInt(hex.slice(i, i + 2), 16) * 0.72).toString(16).padStart(2, '0')).join('')}`;
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const num = (s) => {
    const v = Number(s);
    return Number.isFinite(v) ? v : null;
  };
  const trim = (s) => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);
  const fixed = (v, decimals) => (decimals !== undefined && decimals !== null ? v.toFixed(decimals) : trim(v.toFixed(Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2)));
  const fmt = (v, unit, decimals) => {
    if (v === null || v === undefined) return '';
    const a = Math.abs(v);
    if (unit === 's') {
      if (a === 0) return '0 s';
      if (a < 1) return `${fixed(v * 1000, decimals)} ms`;
      if (a < 60) return `${fixed(v, decimals)} s`;
      if (a < 3600) return `${fixed(v / 60, decimals)} min`;
      if (a < 86400) return `${fixed(v / 3600, decimals)} hour`;
      return `${fixed(v / 86400, decimals)} day`;
    }
    if (unit === 'bytes') {
      const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
      let i = 0;
      let x = v;
      while (Math.abs(x) >= 1024 && i < units.length - 1) {
        x /= 1024;
        i += 1;
      }
      return `${fixed(x, decimals)} ${units[i]}`;
    }
    return fixed(v, decimals);
  };
  const pad2 = (n) => String(n).padStart(2, '0');
  const clock = (t) => {
    const d = new Date(t * 1000);
    return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  };
  const legendName = (target, metric) => {
    if (target.legendFormat && target.legendFormat !== '__auto') return target.legendFormat.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k) => metric[k] ?? '');
    const { __name__: name = '', ...labels } = metric;
    const inner = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(', ');
    return inner ? `${name}{${inner}}` : name || target.expr;
  };
  const thresholdColor = (v, steps) => {
    let c = steps?.[0]?.color ?? 'green';
    for (const step of steps ?? []) if (step.value !== null && v !== null && v >= step.value) c = step.color;
    return color(c);
  };
  const overrideColor = (panel, name) => {
    for (const o of panel.fieldConfig?.overrides ?? []) {
      if (o.matcher?.id !== 'byName' || o.matcher.options !== name) continue;
      const p = o.properties.find((x) => x.id === 'color');
      if (p?.value?.mode === 'fixed') return color(p.value.fixedColor);
    }
    return null;
  };
  const seriesColor = (panel, name, i, value) => {
    const d = panel.fieldConfig?.defaults ?? {};
    const o = overrideColor(panel, name);
    if (o) return o;
    if (d.color?.mode === 'fixed') return color(d.color.fixedColor);
    if (d.color?.mode === 'thresholds') return thresholdColor(value, d.thresholds?.steps);
    return PALETTE[i % PALETTE.length];
  };
  const noData = (body) => body.append(el('div', 'nodata', 'No data'));
  const vectorSamples = (p) =>
    p.results
      .flatMap((r) => r.data.result.map((s) => ({ name: legendName(r.target, s.metric), metric: s.metric, value: num(s.value[1]) })))
      .sort((a, b) => a.name.localeCompare(b.name));

  // --- panel types ---
  const stat = (p, body, box) => {
    const samples = vectorSamples(p);
    if (!samples.length) return noData(body);
    const d = p.panel.fieldConfig?.defaults ?? {};
    const background = p.panel.options?.colorMode === 'background';
    const wrap = el('div', 'stats');
    samples.forEach((s, i) => {
      const c = seriesColor(p.panel, s.name, i, s.value);
      const v = el('div', 'statv', fmt(s.value, d.unit, d.decimals));
      v.style.color = background ? '#fff' : c;
      v.style.fontSize = `${Math.min(60, body.clientHeight * 0.62)}px`;
      if (background) {
        box.style.background = `linear-gradient(120deg, ${darker(c)}, ${c})`;
        box.classList.add('filled');
      }
      wrap.append(v);
    });
    body.append(wrap);
  };

  const bargauge = (p, body) => {
    const samples = vectorSamples(p);
    if (!samples.length) return noData(body);
    const d = p.panel.fieldConfig?.defaults ?? {};
    const min = d.min ?? 0;
    let max = d.max ?? Math.max(...samples.map((s) => s.value ?? 0));
    if (!(max > min)) max = min + 1;
    const rowHeight = Math.min(56, (body.clientHeight - 4) / samples.length);
    samples.forEach((s, i) => {
      const c = seriesColor(p.panel, s.name, i, s.value);
      const row = el('div', 'bar');
      row.style.height = `${rowHeight}px`;
      const track = el('div', 'track');
      const fill = el('div', 'fill');
      fill.style.width = `${(100 * Math.max(0, (s.value ?? 0) - min)) / (max - min)}%`;
      fill.style.background = c;
      track.append(fill);
      const line = el('div', 'barline');
      const value = el('div', 'barv', fmt(s.value, d.unit, d.decimals));
      value.style.color = c;
      line.append(track, value);
      row.append(el('div', 'barname', s.name), line);
      body.append(row);
    });
  };

  const table = (p, body) => {
    const d = p.panel.fieldConfig?.defaults ?? {};
    const labels = new Set();
    const valueFields = p.results.map((r) => (p.results.length > 1 ? `Value #${r.target.refId}` : 'Value'));
    let rows = [];
    p.results.forEach((r, i) => {
      for (const s of r.data.result) {
        Object.keys(s.metric).forEach((k) => labels.add(k));
        rows.push({ Time: s.value[0], ...s.metric, [valueFields[i]]: num(s.value[1]) });
      }
    });
    if (!rows.length) return noData(body);
    let fields = ['Time', ...[...labels].sort(), ...valueFields].map((name) => ({ name, display: name, numeric: valueFields.includes(name), time: name === 'Time' }));
    for (const t of p.panel.transformations ?? []) {
      if (t.id !== 'organize') continue;
      const { excludeByName = {}, indexByName = {}, renameByName = {} } = t.options ?? {};
      fields = fields.filter((f) => !excludeByName[f.display]);
      const index = (f) => (Number.isInteger(indexByName[f.display]) ? indexByName[f.display] : Infinity);
      fields = fields.map((f, i) => ({ f, i })).sort((a, b) => index(a.f) - index(b.f) || a.i - b.i).map(({ f }) => f);
      fields = fields.map((f) => ({ ...f, display: renameByName[f.display] || f.display }));
    }
    // Deterministic first, then the panel's own sort (by display name, as Grafana matches it).
    rows.sort((a, b) => fields.map((f) => String(a[f.name] ?? '')).join('\u0000').localeCompare(fields.map((f) => String(b[f.name] ?? '')).join('\u0000')));
    for (const sort of [...(p.panel.options?.sortBy ?? [])].reverse()) {
      const f = fields.find((x) => x.display === sort.displayName);
      if (!f) continue;
      const dir = sort.desc ? -1 : 1;
      rows = [...rows].sort((a, b) => (f.numeric ? (a[f.name] ?? -Infinity) - (b[f.name] ?? -Infinity) : String(a[f.name] ?? '').localeCompare(String(b[f.name] ?? ''))) * dir);
    }
    const tableNode = el('table');
    const head = el('tr');
    for (const f of fields) head.append(el('th', f.numeric ? 'num' : '', f.display));
    tableNode.append(el('thead'), el('tbody'));
    tableNode.tHead.append(head);
    for (const row of rows) {
      const tr = el('tr');
      for (const f of fields) tr.append(el('td', f.numeric ? 'num' : '', f.time ? clock(row[f.name]) : f.numeric ? fmt(row[f.name], d.unit, d.decimals) : (row[f.name] ?? '')));
      tableNode.tBodies[0].append(tr);
    }
    body.append(tableNode);
  };

  const rangeSeries = (p) => {
    const xs = [];
    for (let t = model.start; t <= model.end + 1e-9; t += model.step) xs.push(t);
    const series = [];
    for (const r of p.results) {
      for (const s of r.data.result) {
        const byTime = new Map(s.values.map(([t, v]) => [Math.round(t * 1000), num(v)]));
        series.push({ name: legendName(r.target, s.metric), ys: xs.map((x) => byTime.get(Math.round(x * 1000)) ?? null) });
      }
    }
    return { xs, series: series.filter((s) => s.ys.some((y) => y !== null)) };
  };

  const timeseries = (p, body) => {
    const { xs, series } = rangeSeries(p);
    if (!series.length) return noData(body);
    const d = p.panel.fieldConfig?.defaults ?? {};
    const fill = (d.custom?.fillOpacity ?? 0) / 100;
    series.forEach((s, i) => (s.color = seriesColor(p.panel, s.name, i, null)));
    const plot = el('div', 'plot');
    const legend = el('div', 'legend');
    if (p.panel.options?.legend?.showLegend !== false) {
      for (const s of series) {
        const item = el('span', 'item');
        const swatch = el('i');
        swatch.style.background = s.color;
        item.append(swatch, document.createTextNode(s.name));
        legend.append(item);
      }
    }
    body.append(plot, legend);
    // A long legend scrolls in Grafana: here it is cut at 40 % of the panel.
    legend.style.maxHeight = `${Math.floor(body.clientHeight * 0.4)}px`;
    const height = Math.max(60, body.clientHeight - legend.offsetHeight - 4);
    // Ticks at round sizes and durations, not at 1.33 min.
    const incrs =
      d.unit === 'bytes'
        ? [1, 2, 5, 10, 20, 50, 100, 200, 500].flatMap((m) => [m, m * 1024, m * 1024 ** 2, m * 1024 ** 3]).sort((a, b) => a - b)
        : d.unit === 's'
          ? [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800]
          : undefined;
    const axis = { stroke: MUTED, font: FONT, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID, width: 1, size: 4 } };
    new uPlot(
      {
        width: body.clientWidth - 8,
        height,
        legend: { show: false },
        cursor: { show: false },
        select: { show: false },
        scales: {
          x: { time: true, range: [model.start, model.end] },
          y: {
            range: (_u, lo, hi) => {
              const low = Math.min(0, lo ?? 0);
              let high = Math.max(hi ?? 0, low);
              high = high === low ? low + 1 : high + (high - low) * 0.08;
              return [low, high];
            },
          },
        },
        axes: [
          { ...axis, space: 80, values: (_u, splits) => splits.map(clock) },
          { ...axis, size: 64, space: 26, ...(incrs ? { incrs } : {}), values: (_u, splits) => splits.map((v) => fmt(v, d.unit)) },
        ],
        series: [{}, ...series.map((s) => ({ label: s.name, stroke: s.color, width: d.custom?.lineWidth ?? 1, fill: fill ? alpha(s.color, fill) : undefined, points: { show: false }, spanGaps: d.custom?.spanNulls === true }))],
      },
      [xs, ...series.map((s) => s.ys)],
      plot,
    );
  };

  const stateTimeline = (p, body) => {
    const { xs, series } = rangeSeries(p);
    if (!series.length) return noData(body);
    const d = p.panel.fieldConfig?.defaults ?? {};
    const mapping = (v) => {
      for (const m of d.mappings ?? []) if (m.type === 'value' && m.options[String(v)]) return m.options[String(v)];
      return null;
    };
    const opacity = (d.custom?.fillOpacity ?? 70) / 100;
    const rowsHeight = body.clientHeight - 22;
    const rowHeight = Math.min(40, rowsHeight / series.length);
    const span = model.end - model.start || 1;
    for (const s of series) {
      const row = el('div', 'strow');
      row.style.height = `${rowHeight}px`;
      const lane = el('div', 'lane');
      let from = 0;
      for (let i = 1; i <= xs.length; i++) {
        if (i < xs.length && s.ys[i] === s.ys[from]) continue;
        if (s.ys[from] !== null) {
          const seg = el('div', 'seg');
          const m = mapping(s.ys[from]);
          seg.style.left = `${(100 * (xs[from] - model.start)) / span}%`;
          seg.style.width = `${(100 * ((xs[i] ?? model.end + model.step) - xs[from])) / span}%`;
          seg.style.background = alpha(m?.color ? color(m.color) : thresholdColor(s.ys[from], d.thresholds?.steps), opacity);
          if (m?.text && p.panel.options?.showValue !== 'never') seg.textContent = m.text;
          lane.append(seg);
        }
        from = i;
      }
      row.append(el('div', 'stname', s.name), lane);
      body.append(row);
    }
    const ticks = el('div', 'stticks');
    for (let k = 0; k <= 4; k++) ticks.append(el('span', '', clock(model.start + (span * k) / 4)));
    body.append(ticks);
  };

  // --- the page ---
  document.title = `${model.title} (rendered from Prometheus data with the dashboard's queries)`;
  const page = document.getElementById('dash');
  const top = el('div', 'top');
  const crumbs = el('div', 'crumbs');
  crumbs.append(el('span', 'muted', 'Dashboards  ›  '), el('b', '', model.title));
  top.append(crumbs, el('div', 'badge', 'Rendered from Prometheus data with the dashboard’s queries, not by Grafana'), el('div', 'picker', `Last ${model.rangeLabel}`), el('div', 'picker', 'Refresh'));
  const vars = el('div', 'vars');
  for (const [label, value] of [
    ['Data source', 'Prometheus'],
    ['Shop', 'All'],
    ['Till', 'All'],
  ]) {
    const v = el('div', 'var');
    v.append(el('span', 'l', label), el('span', 'v', value));
    vars.append(v);
  }
  vars.append(el('div', 'about', model.about));
  const grid = el('div', 'grid');
  page.append(top, vars, grid);
  let bottom = 0;
  let fleetEnd = null;
  for (const p of model.panels) {
    const g = p.panel.gridPos;
    const box = el('div', p.panel.type === 'row' ? 'row' : 'panel');
    box.style.left = `${g.x * (colW + GAP)}px`;
    box.style.top = `${g.y * (CELL + GAP)}px`;
    box.style.width = `${g.w * colW + (g.w - 1) * GAP}px`;
    box.style.height = `${g.h * CELL + (g.h - 1) * GAP}px`;
    bottom = Math.max(bottom, (g.y + g.h) * (CELL + GAP));
    grid.append(box);
    if (p.panel.type === 'row') {
      box.textContent = `⌄  ${p.panel.title}`;
      // The image ends with the next row's title, so it shows there is more below.
      if (g.y > 0 && fleetEnd === null) fleetEnd = box;
      continue;
    }
    const head = el('div', 'ph', p.panel.title);
    const body = el('div', 'pb');
    box.append(head, body);
    const draw = { stat, bargauge, table, timeseries, 'state-timeline': stateTimeline }[p.panel.type];
    if (draw) draw(p, body, box);
    else body.append(el('div', 'nodata', `(${p.panel.type} panels are not drawn here)`));
  }
  grid.style.height = `${bottom}px`;
  const end = fleetEnd ? fleetEnd.getBoundingClientRect().bottom + 6 : page.getBoundingClientRect().bottom;
  return { fleetEnd: Math.ceil(end), pageEnd: Math.ceil(page.getBoundingClientRect().bottom + PAD) };
}

const CSS = `
html, body { margin: 0; background: #111217; color: #ccccdc; font: 13px "DejaVu Sans", sans-serif; }
#dash { width: ${WIDTH}px; }
.top { height: 44px; display: flex; align-items: center; gap: 10px; padding: 0 16px; background: #181b1f; border-bottom: 1px solid rgba(204,204,220,.12); }
.crumbs { font-size: 15px; white-space: pre; }
.crumbs b { font-weight: 600; }
.muted { color: rgba(204,204,220,.65); }
.badge { margin-left: 14px; padding: 4px 12px; border-radius: 12px; background: rgba(87,148,242,.18); color: #9cc3ff; font-size: 13px; }
.picker { padding: 5px 10px; border: 1px solid rgba(204,204,220,.2); border-radius: 2px; background: #111217; font-size: 12px; }
.picker:first-of-type { margin-left: auto; }
.vars { display: flex; align-items: center; gap: 8px; padding: 8px 16px 10px; }
.var { display: flex; height: 28px; border: 1px solid rgba(204,204,220,.2); border-radius: 2px; font-size: 12px; }
.var span { display: flex; align-items: center; padding: 0 9px; }
.var .l { background: #22252b; border-right: 1px solid rgba(204,204,220,.2); font-weight: 600; }
.var .v { background: #111217; min-width: 40px; }
.about { margin-left: auto; color: rgba(204,204,220,.65); font-size: 12px; }
.grid { position: relative; margin: 0 16px; }
.row { position: absolute; display: flex; align-items: center; font-size: 15px; font-weight: 600; }
.panel { position: absolute; box-sizing: border-box; display: flex; flex-direction: column; overflow: hidden; background: #181b1f; border: 1px solid rgba(204,204,220,.12); border-radius: 2px; }
.panel.filled { border-color: transparent; }
.panel.filled .ph { color: #fff; }
.ph { flex: none; height: 28px; line-height: 28px; padding: 0 8px; font-size: 13px; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.pb { position: relative; flex: 1; min-height: 0; padding: 0 8px 6px; overflow: hidden; }
.nodata { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: rgba(204,204,220,.65); font-size: 14px; }
.stats { display: flex; height: 100%; align-items: center; justify-content: center; gap: 16px; }
.statv { font-weight: 600; line-height: 1; }
.bar { display: flex; flex-direction: column; justify-content: center; gap: 3px; }
.barname { font-size: 12px; }
.barline { flex: 1; max-height: 26px; display: flex; align-items: stretch; gap: 8px; }
.track { flex: 1; background: rgba(204,204,220,.07); border-radius: 2px; overflow: hidden; }
.fill { height: 100%; }
.barv { min-width: 36px; text-align: right; font-size: 20px; font-weight: 600; line-height: 26px; }
table { width: 100%; border-collapse: collapse; font-size: 12px; }
th { text-align: left; font-weight: 600; color: #6e9fff; padding: 0 8px; height: 30px; border-bottom: 1px solid rgba(204,204,220,.12); white-space: nowrap; }
td { padding: 0 8px; height: 30px; border-bottom: 1px solid rgba(204,204,220,.07); white-space: nowrap; }
.num { text-align: right; }
.legend { display: flex; flex-wrap: wrap; gap: 2px 14px; padding: 2px 4px 0; font-size: 11px; line-height: 16px; }
.legend .item { display: inline-flex; align-items: center; gap: 6px; white-space: nowrap; }
.legend i { display: inline-block; width: 14px; height: 4px; border-radius: 2px; }
.strow { display: flex; align-items: center; gap: 8px; padding: 1px 0; box-sizing: border-box; }
.stname { width: 190px; flex: none; text-align: right; font-size: 11px; white-space: nowrap; overflow: hidden; }
.lane { position: relative; flex: 1; height: 90%; }
.seg { position: absolute; top: 0; bottom: 0; box-sizing: border-box; border-right: 1px solid #181b1f; font-size: 11px; padding-left: 4px; display: flex; align-items: center; color: #fff; overflow: hidden; }
.stticks { display: flex; justify-content: space-between; margin-left: 198px; color: rgba(204,204,220,.65); font-size: 11px; padding-top: 4px; }
`;

async function shoot(model) {
  const uplotJs = fs.readFileSync(path.join(root, 'node_modules', 'uplot', 'dist', 'uPlot.iife.min.js'), 'utf8');
  const uplotCss = fs.readFileSync(path.join(root, 'node_modules', 'uplot', 'dist', 'uPlot.min.css'), 'utf8');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${model.title}</title><style>${uplotCss}${CSS}</style><script>${uplotJs}</script></head><body><div id="dash"></div></body></html>`;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 1000 }, deviceScaleFactor: 1 });
    await page.setContent(html);
    const { fleetEnd, pageEnd } = await page.evaluate(drawDashboard, model);
    await page.setViewportSize({ width: WIDTH, height: fullPage ? pageEnd : fleetEnd });
    await page.waitForTimeout(300);
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    await page.screenshot({ path: outFile });
    return { width: WIDTH, height: fullPage ? pageEnd : fleetEnd };
  } finally {
    await browser.close();
  }
}

// --- Main -------------------------------------------------------------------------------------------------

async function main() {
  if (!(minutes > 0)) throw new Error(`SHOT_MINUTES must be a positive number of minutes, got "${process.env.SHOT_MINUTES}"`);
  fs.accessSync(chromiumPath, fs.constants.X_OK);
  const dashboard = JSON.parse(fs.readFileSync(dashboardFile, 'utf8'));
  ensureBuild();
  const token = `fleet-shot-${randomBytes(12).toString('hex')}`;
  const tills = await Promise.all(TILLS.map((t) => startTill(t, token)));
  log(`tills up: ${tills.map((t) => `${t.shop}/${t.id} ${t.base}`).join(', ')}`);
  const prom = await startPrometheus(tills, token);
  for (let waited = 0; ; waited += 500) {
    const up = await prom.api('query', { query: 'count(up{job="till-companion"} == 1)' });
    if (Number(up.result[0]?.value[1] ?? 0) === tills.length) break;
    if (waited > 30_000) throw new Error('Prometheus did not scrape all three tills within 30 s (is the token refused?)');
    await sleep(500);
  }
  const from = Date.now() / 1000;
  const activityMs = minutes * 60_000;
  const until = Date.now() + activityMs;
  log(`Prometheus ${prom.version} at ${prom.url} scrapes them every ${SCRAPE_SECONDS} s; ${minutes} min of activity…`);
  const work = tills.flatMap((till) => [cashier(till, until), salesFeed(till, until)]);
  const at = (fraction) => sleep(Math.max(0, from * 1000 + activityMs * fraction - Date.now()));

  const [till1, till2, till3] = tills;
  await at(0.15);
  // A record Custobar refuses (HTTP 400) goes to the till's failed records: till_dead_letters.
  const poison = sale(till1, `SHOT-${till1.id}-POISON`);
  await simulatorFaults(till1, { uploads: { rejectKeys: [`${poison[0].sale_external_id}/${poison[0].external_id}`] } });
  await ingest(till1, 'sales', poison);
  log(`${till1.id}: a sale Custobar refuses`);
  await at(0.4);
  await simulatorFaults(till2, { uploads: { down: true }, data: { down: true } });
  log(`${till2.id}: Custobar unreachable from now on`);
  await at(0.55);
  till3.stopped = true;
  await stopChild(till3.child);
  log(`${till3.id}: stopped (till down)`);
  await Promise.all(work);
  await sleep(2500 * SCRAPE_SECONDS); // the last samples
  const to = Date.now() / 1000;
  for (const till of tills) log(`${till.id}: ${JSON.stringify(till.stats)}`);
  const rules = (await prom.api('rules', {})).groups.flatMap((g) => g.rules);
  const broken = rules.filter((r) => r.health !== 'ok').map((r) => `${r.name ?? r.alert}: ${r.lastError}`);
  const active = rules.filter((r) => r.type === 'alerting' && r.state !== 'inactive').map((r) => `${r.name} (${r.state})`);
  log(`${path.relative(root, rulesFile)}: ${rules.length} rules loaded${broken.length ? `, failing: ${broken.join('; ')}` : ''}; alerts pending or firing: ${active.join(', ') || 'none'}`);

  const queried = await runQueries(prom, dashboard, from, to);
  process.stdout.write(`Panels (range ${queried.range} s, step ${queried.step} s, $__rate_interval ${queried.rateInterval} s):\n`);
  const empty = summarize(queried.panels);
  const rangeMinutes = Math.round(queried.range / 60);
  const model = {
    title: dashboard.title,
    width: WIDTH,
    cellHeight: CELL_HEIGHT,
    rangeLabel: rangeMinutes >= 1 ? `${rangeMinutes} minute${rangeMinutes === 1 ? '' : 's'}` : `${queried.range} seconds`,
    about: `ops/grafana/till-companion.json · Prometheus ${prom.version}, scraped every ${SCRAPE_SECONDS} s · 3 demo tills`,
    ...queried,
  };
  const size = await shoot(model);
  log(`wrote ${path.relative(root, outFile)} (${size.width}×${size.height})${empty.length ? `; empty panels: ${empty.join(', ')}` : ''}`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`fleet-dashboard-shot: ${error.stack ?? error}\n`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
