// Loaded into the measured service with NODE_OPTIONS=--import: samples its event-loop delay and, on
// SIGUSR2, writes the figures since the last reading to $LOOP_PROBE_FILE and starts afresh. The
// product itself is not changed for the measurement.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 5 });
histogram.enable();
process.on('SIGUSR2', () => {
  const ms = (ns) => ns / 1e6;
  const figures = { p99: ms(histogram.percentile(99)), max: ms(histogram.max), mean: ms(histogram.mean), count: histogram.count };
  fs.writeFileSync(process.env.LOOP_PROBE_FILE, JSON.stringify(figures));
  histogram.reset();
});
