// Event-loop delay probe for the soak, loaded into the service with `node --import <this file>`: the
// service has no event-loop figure of its own, and the soak does not change main/ to get one. It is
// loaded only by the soak, never by the app.
//
// A 10 ms interval timer measures how late it fires (performance.now(), so 1 ms granularity or
// better); each lateness goes into a histogram of 0.1 ms buckets below 100 ms and 1 ms buckets above.
// Start-up (loading the app, opening and checking the database) is kept apart: samples count from the
// moment the service prints its "listening" line, seen by wrapping process.stdout.write; the longest
// delay before it (including a wait that began before it) is reported on its own. Every second the histogram of this process's life so far
// is written to $SOAK_LOOP_DIR/loop-<pid>.json (to a temporary file, then renamed), so a SIGKILL
// loses at most the last second. The soak merges the files of every process it started.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setInterval } from 'node:timers';

const dir = process.env.SOAK_LOOP_DIR;
if (dir) {
  const RESOLUTION_MS = 10;
  const buckets = new Map();
  let samples = 0;
  let maxMs = 0;
  let startupMaxMs = 0;
  let listening = false;
  let listenedAt = 0;
  /** Delays over 50 ms: when (ms after the listening line) and how long, the first 200. */
  const blocks = [];
  let last = performance.now();
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => {
    if (!listening && String(chunk).includes(' listening on ')) {
      listening = true;
      listenedAt = performance.now();
    }
    return write(chunk, ...rest);
  };
  const bucketOf = (ms) => (ms < 100 ? Math.floor(ms * 10) : 1000 + Math.floor(ms - 100));
  const file = path.join(dir, `loop-${process.pid}.json`);
  const startedAt = Date.now();
  const sampler = setInterval(() => {
    const now = performance.now();
    const delay = Math.max(0, now - last - RESOLUTION_MS);
    const since = last;
    last = now;
    // A wait that began before the line was printed belongs to start-up (a block that ended with it).
    if (!listening || since < listenedAt) {
      startupMaxMs = Math.max(startupMaxMs, delay);
      return;
    }
    const b = bucketOf(delay);
    buckets.set(b, (buckets.get(b) ?? 0) + 1);
    samples += 1;
    if (delay > maxMs) maxMs = delay;
    if (delay > 50 && blocks.length < 200) blocks.push({ atMs: Math.round(now - listenedAt), ms: Math.round(delay) });
  }, RESOLUTION_MS);
  sampler.unref();
  const writer = setInterval(() => {
    const body = JSON.stringify({ pid: process.pid, startedAt, writtenAt: Date.now(), resolutionMs: RESOLUTION_MS, samples, maxMs, startupMaxMs, blocks, buckets: Object.fromEntries(buckets) });
    try {
      fs.writeFileSync(`${file}.tmp`, body);
      fs.renameSync(`${file}.tmp`, file);
    } catch {
      // The soak's temporary directory went away: nothing to report to.
    }
  }, 1000);
  writer.unref();
}
