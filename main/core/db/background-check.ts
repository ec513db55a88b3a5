import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The whole-file check on a thread of its own, over a read-only connection, while the till serves:
 * it reads every page (0.67 s with 1,000,000 waiting records on 2 cores), which is too long to hold
 * up the first screen after a clean stop. The worker is a few lines of CommonJS given as text, so
 * it needs no file of its own in the bundles; it loads the same better-sqlite3 (and the same native
 * binary, for Electron) as the app. Resolves with "ok" or the first problem found.
 */
export function checkInBackground(file: string, nativeBinding?: string): Promise<string> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    try {
      const Database = require(workerData.driver);
      const db = new Database(workerData.file, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
      try {
        parentPort.postMessage(String(db.pragma('quick_check(1)')[0]?.quick_check ?? 'ok'));
      } finally {
        db.close();
      }
    } catch (error) {
      parentPort.postMessage(/CORRUPT|NOTADB|malformed/i.test(String(error && (error.code || error.message))) ? String(error.message) : 'ok');
    }
  `;
  return new Promise((resolve) => {
    const worker = new Worker(source, { eval: true, workerData: { file, driver, nativeBinding } });
    // The check must never keep a stopping process alive.
    worker.unref();
    worker.once('message', (result: string) => {
      resolve(result);
      void worker.terminate();
    });
    // A worker that cannot run (no threads, the module not loadable) says nothing about the file.
    worker.once('error', () => resolve('ok'));
  });
}
