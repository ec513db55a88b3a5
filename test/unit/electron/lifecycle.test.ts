import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLifecycle, SHUTDOWN_TIMEOUT_MS } from '../../../main/electron/lifecycle';
import { createMemoryLogger } from '../../../main/core/logging/logger';

function preventable() {
  return { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
}

/** An app whose stop() the test settles by hand, so each step of the shutdown can be observed. */
function setup() {
  const app = Object.assign(new EventEmitter(), { exit: vi.fn() });
  const signals = new EventEmitter();
  const stderr: string[] = [];
  const lifecycle = createLifecycle({ app, signals, stderr: (l) => stderr.push(l) });
  const order: string[] = [];
  let finishStop!: (error?: Error) => void;
  const running = {
    logger: createMemoryLogger(),
    stop: vi.fn(() => {
      order.push('stop');
      return new Promise<void>((resolve, reject) => (finishStop = (error) => (error ? reject(error) : resolve())));
    }),
  };
  app.exit.mockImplementation((code: number) => order.push(`exit ${code}`));
  const quit = () => {
    const event = preventable();
    app.emit('before-quit', event);
    return event;
  };
  return { app, signals, lifecycle, running, order, stderr, quit, finishStop: (error?: Error) => finishStop(error) };
}

afterEach(() => vi.useRealTimers());

describe('the one shutdown', () => {
  it('before-quit: prevented, the app stopped once, then app.exit(0)', async () => {
    const t = setup();
    t.lifecycle.started(t.running);
    expect(t.lifecycle.quitting).toBe(false);
    const first = t.quit();
    expect(first.defaultPrevented).toBe(true);
    expect(t.lifecycle.quitting).toBe(true);
    // A second quit while the database is closing is held too, and does not start a second stop.
    expect(t.quit().defaultPrevented).toBe(true);
    expect(t.running.stop).toHaveBeenCalledTimes(1);
    expect(t.app.exit).not.toHaveBeenCalled();
    t.finishStop();
    await t.lifecycle.shutdown('again');
    expect(t.order).toEqual(['stop', 'exit 0']);
    expect(t.running.logger.lines.join('\n')).toContain('quit requested: shutting down');
    // After the exit nothing is held back any more.
    expect(t.quit().defaultPrevented).toBe(false);
  });

  const triggers: [string, (t: ReturnType<typeof setup>) => void, string][] = [
    ['SIGINT', (t) => t.signals.emit('SIGINT'), 'SIGINT received'],
    ['SIGTERM', (t) => t.signals.emit('SIGTERM'), 'SIGTERM received'],
    ['a window’s session-end (Windows log-off)', (t) => {
      const win = new EventEmitter();
      t.lifecycle.watchWindow(win);
      win.emit('session-end', { reasons: ['logoff'] });
    }, 'the Windows session is ending'],
    ['powerMonitor shutdown (Linux/macOS)', (t) => {
      const powerMonitor = new EventEmitter();
      t.lifecycle.watchPowerMonitor(powerMonitor);
      const event = preventable();
      powerMonitor.emit('shutdown', event);
      // Asks the OS to wait for our exit.
      expect(event.defaultPrevented).toBe(true);
    }, 'the system is shutting down'],
  ];
  for (const [name, trigger, logged] of triggers) {
    it(`${name}: the same clean shutdown`, async () => {
      const t = setup();
      t.lifecycle.started(t.running);
      trigger(t);
      expect(t.running.stop).toHaveBeenCalledTimes(1);
      t.finishStop();
      await t.lifecycle.shutdown('joined');
      expect(t.order).toEqual(['stop', 'exit 0']);
      expect(t.running.logger.lines.join('\n')).toContain(`${logged}: shutting down`);
    });
  }

  it('a shutdown asked for while the app is starting runs once it has started', async () => {
    const t = setup();
    t.signals.emit('SIGTERM');
    expect(t.lifecycle.quitting).toBe(true);
    expect(t.running.stop).not.toHaveBeenCalled();
    t.lifecycle.started(t.running);
    expect(t.running.stop).toHaveBeenCalledTimes(1);
    t.finishStop();
    await t.lifecycle.shutdown('x');
    expect(t.app.exit).toHaveBeenCalledWith(0);
  });

  it('runs the shell’s steps first; a failing step does not keep the app from stopping', async () => {
    const t = setup();
    t.lifecycle.beforeStop(() => t.order.push('tray'));
    t.lifecycle.beforeStop(() => {
      throw new Error('stuck');
    });
    t.lifecycle.beforeStop(() => t.order.push('timers'));
    t.lifecycle.started(t.running);
    const done = t.lifecycle.shutdown('quit');
    t.finishStop();
    await done;
    expect(t.order).toEqual(['tray', 'timers', 'stop', 'exit 0']);
  });

  it('exits with 1 when stopping fails', async () => {
    const t = setup();
    t.lifecycle.started(t.running);
    const done = t.lifecycle.shutdown('quit');
    t.finishStop(new Error('disk gone'));
    await done;
    expect(t.app.exit.mock.calls).toEqual([[1]]);
    expect(t.stderr.join('\n')).toContain('disk gone');
  });

  it('gives up after the time limit and exits with 1', async () => {
    vi.useFakeTimers();
    const t = setup();
    t.lifecycle.started(t.running);
    const done = t.lifecycle.shutdown('quit');
    await vi.advanceTimersByTimeAsync(SHUTDOWN_TIMEOUT_MS - 1);
    expect(t.app.exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(t.app.exit.mock.calls).toEqual([[1]]);
    // A stop that finishes late does not exit a second time.
    t.finishStop();
    await vi.runAllTimersAsync();
    expect(t.app.exit).toHaveBeenCalledTimes(1);
  });

  it('lets windows close when an update installer is about to quit the app', () => {
    const t = setup();
    t.lifecycle.expectQuit();
    expect(t.lifecycle.quitting).toBe(true);
    expect(t.running.stop).not.toHaveBeenCalled();
  });
});
