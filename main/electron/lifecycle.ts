import type { Logger } from '../core/logging/logger';

/**
 * Every way the desktop app ends goes through one shutdown: the tray's Quit and app.quit()
 * (`before-quit`), SIGINT/SIGTERM, the OS ending the session (a window's `session-end` on Windows,
 * powerMonitor `shutdown` on Linux/macOS), and closing the window without a tray. The shutdown
 * stops the running app (in-flight work settles, the database closes) within a time limit, then
 * exits with app.exit(), which emits no second `before-quit`: quitting is neither cancelled nor
 * re-entered.
 */
export interface LifecycleApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  exit(exitCode?: number): void;
}

export interface SignalSource {
  once(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface ShutdownSource {
  on(event: 'shutdown', listener: (event?: { preventDefault(): void }) => void): unknown;
}

export interface SessionEndSource {
  on(event: 'session-end', listener: () => void): unknown;
}

export interface Stoppable {
  stop(): Promise<void>;
  logger: Logger;
}

export interface Lifecycle {
  /** True once a shutdown has been asked for: from then on windows really close. */
  readonly quitting: boolean;
  /** The app is running: a shutdown asked for while it was starting runs now. */
  started(running: Stoppable): void;
  /** Runs before the app is stopped (tray, timers); cheap and synchronous. */
  beforeStop(step: () => void): void;
  /** An update installer is about to quit the app (it may close the windows before `before-quit`): let them close. */
  expectQuit(): void;
  /** Asks for the shutdown; every caller gets the same promise, settled after app.exit(). */
  shutdown(reason: string): Promise<void>;
  watchWindow(win: SessionEndSource): void;
  watchPowerMonitor(powerMonitor: ShutdownSource): void;
}

export interface LifecycleOptions {
  app: LifecycleApp;
  signals: SignalSource;
  /** After this long the shutdown gives up and exits with 1, so a hung step cannot keep the till app half-alive. */
  timeoutMs?: number;
  /** Before the app's logger exists (and after it is closed). */
  stderr?: (line: string) => void;
}

export const SHUTDOWN_TIMEOUT_MS = 10_000;

export function createLifecycle(options: LifecycleOptions): Lifecycle {
  const { app } = options;
  const timeoutMs = options.timeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  const stderr = options.stderr ?? ((line: string) => process.stderr.write(`${line}\n`));
  const steps: (() => void)[] = [];
  let running: Stoppable | null = null;
  let reason: string | null = null;
  let quitExpected = false;
  let finished = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  const exit = (code: number): void => {
    if (finished) return;
    finished = true;
    app.exit(code);
    resolveDone();
  };

  const run = async (target: Stoppable, why: string): Promise<void> => {
    const log = target.logger.child('lifecycle');
    log.info(`${why}: shutting down`);
    const timer = setTimeout(() => {
      stderr(`Till Companion: the shutdown did not finish within ${timeoutMs / 1000} s; exiting`);
      exit(1);
    }, timeoutMs);
    for (const step of steps.splice(0)) {
      try {
        step();
      } catch (error) {
        // A tray that will not go away must not keep the database from closing.
        log.warn('a shutdown step failed', { error });
      }
    }
    let code = 0;
    try {
      // Closes the core (in-flight uploads and redemptions settle, the database closes) and, last, the log file.
      await target.stop();
    } catch (error) {
      code = 1;
      // The log may be closed already; stderr still reaches the terminal or the service manager's journal.
      stderr(`Till Companion: shutdown failed: ${String(error)}`);
    } finally {
      clearTimeout(timer);
    }
    exit(code);
  };

  const shutdown = (why: string): Promise<void> => {
    if (reason === null) {
      reason = why;
      if (running) void run(running, why);
    }
    return done;
  };

  // Prevented every time until we exit: letting a second app.quit() through would close the
  // windows and end the process while the database is still closing.
  app.on('before-quit', (event) => {
    if (finished) return;
    event.preventDefault();
    void shutdown('quit requested');
  });
  // `once`: a second Ctrl+C while a shutdown hangs falls through to the default and ends the process.
  options.signals.once('SIGINT', () => void shutdown('SIGINT received'));
  options.signals.once('SIGTERM', () => void shutdown('SIGTERM received'));

  return {
    get quitting() {
      return reason !== null || quitExpected;
    },
    expectQuit: () => void (quitExpected = true),
    started: (target) => {
      running = target;
      if (reason !== null) void run(target, reason);
    },
    beforeStop: (step) => void steps.push(step),
    shutdown,
    watchWindow: (win) => {
      // Windows: log-off, restart or shutdown. It cannot be refused; the database must close before the OS ends us.
      win.on('session-end', () => void shutdown('the Windows session is ending'));
    },
    watchPowerMonitor: (powerMonitor) => {
      powerMonitor.on('shutdown', (event) => {
        // Linux/macOS: asks the OS (logind's delay lock) to wait until we have exited.
        event?.preventDefault();
        void shutdown('the system is shutting down');
      });
    },
  };
}
