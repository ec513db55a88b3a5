/**
 * `npm run bench [-- section…]`: every figure is measured beside its reference in the same run and
 * printed with the ratio value ÷ reference. Sections: scanning, exports, checkout, permissions, scale, ui, metrics, activity.
 */
import os from 'node:os';
import { printSection, type Row } from './lib';
import { scanningBench } from './scanning.bench';
import { exportsBench } from './exports.bench';
import { bigIngestBench } from './big-ingest.bench';
import { checkoutBench } from './checkout.bench';
import { permissionsBench } from './permissions.bench';
import { scaleBench } from './scale.bench';
import { uiLoadBench } from './ui-load.bench';
import { metricsBench } from './metrics.bench';
import { activityBench } from './activity.bench';

const sections: Record<string, { title: string; run: () => Promise<Row[]> }> = {
  scanning: { title: 'Scanning', run: scanningBench },
  // BENCH_SKIP_BIG_INGEST=1 leaves out the 50 MB upload (several minutes) while iterating on the rest.
  exports: { title: 'Exports and the outbox', run: async () => [...(process.env.BENCH_SKIP_BIG_INGEST === '1' ? [] : await bigIngestBench()), ...(await exportsBench())] },
  checkout: { title: 'Checkout: scan to benefits on screen', run: checkoutBench },
  permissions: { title: 'Marketing permissions: a poll of 100,000 customers', run: permissionsBench },
  scale: { title: 'Scale: a backlog of 1,000,000 records, cold start and memory', run: scaleBench },
  ui: { title: 'UI load: the preload and the first paint of Checkout', run: uiLoadBench },
  metrics: { title: 'Fleet metrics: their cost on the hot path, and a scrape at scale', run: metricsBench },
  activity: { title: 'The customer card’s recent activity: its cost on scan → benefits', run: activityBench },
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length ? wanted : Object.keys(sections);
process.stdout.write(`Till Companion benchmarks — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}\n`);
for (const name of selected) {
  const section = sections[name];
  if (!section) {
    process.stderr.write(`unknown section "${name}"; choose from ${Object.keys(sections).join(', ')}\n`);
    process.exit(2);
  }
  printSection(section.title, await section.run());
}
process.exit(0); // open keep-alive sockets and timers of the measured services must not keep the run alive
