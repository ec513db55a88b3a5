import fs from 'node:fs';

/**
 * npm does not forward SIGTERM to the scripts it runs: `kill <npm pid>` ends npm and leaves the
 * service running with its port bound. So the service watches whoever launched it — its parent, and
 * on Linux the process above a `sh -c` wrapper (npm itself) — and shuts down cleanly when that
 * launcher is gone, as if it had received the SIGTERM.
 */
function parentOf(pid: number): { ppid: number; comm: string } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? { ppid, comm } : null;
  } catch {
    return null;
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export function launcherPids(): number[] {
  const parent = process.ppid;
  const pids = [parent];
  const info = parentOf(parent);
  if (info && /^(sh|dash|bash|zsh)$/.test(info.comm) && info.ppid > 1) pids.push(info.ppid);
  return pids;
}

/** Calls `onGone` once when the launcher disappears. Only when launched through npm. */
export function watchLauncher(onGone: () => void, env: NodeJS.ProcessEnv = process.env, intervalMs = 500): () => void {
  if (!env.npm_lifecycle_event || process.ppid <= 1) return () => undefined;
  const [parent, ...above] = launcherPids();
  const timer = setInterval(() => {
    if (process.ppid !== parent || above.some((pid) => !alive(pid))) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
