import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { electronBuilderCli, FUSE_SENTINEL, FuseState, FuseV1Options } from '../../helpers/electron-builder';
import { cleanEnv } from './install';

/**
 * Electron's fuse wire as shipped (before electron-builder flips it): run-as-node, NODE_OPTIONS and
 * --inspect on, cookie encryption and asar checks off, file:// privileged. A fuse the config does
 * not flip keeps this value, so the test can tell "flipped" from "left alone".
 */
const SHIPPED: Record<string, number> = {
  RunAsNode: FuseState.ENABLE,
  EnableCookieEncryption: FuseState.DISABLE,
  EnableNodeOptionsEnvironmentVariable: FuseState.ENABLE,
  EnableNodeCliInspectArguments: FuseState.ENABLE,
  EnableEmbeddedAsarIntegrityValidation: FuseState.DISABLE,
  OnlyLoadAppFromAsar: FuseState.DISABLE,
  LoadBrowserProcessSpecificV8Snapshot: FuseState.DISABLE,
  GrantFileProtocolExtraPrivileges: FuseState.ENABLE,
};

/** A stand-in for the unpacked Electron download: an "electron" file carrying a fuse wire. */
function fakeElectron(dir: string): string {
  const wire = Object.entries(SHIPPED).sort(([a], [b]) => Number(FuseV1Options[a]) - Number(FuseV1Options[b])).map(([, v]) => v);
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\nexit 1\n'), Buffer.from(FUSE_SENTINEL), Buffer.from([1, wire.length, ...wire])]), { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'stand-in\n');
  return dir;
}

/** Reads the fuse wire of a packed binary: fuse name → FuseState byte. */
export function readFuses(binary: string): Record<string, number> {
  const bytes = fs.readFileSync(binary);
  const at = bytes.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  if (at < FUSE_SENTINEL.length) throw new Error(`no fuse wire in ${binary}`);
  const length = bytes[at + 1]!;
  return Object.fromEntries(Array.from({ length }, (_, i) => [String(FuseV1Options[i]), bytes[at + 2 + i]!]));
}

export interface PackedApp {
  asar: string;
  unpacked: string;
  binary: string;
}

/**
 * Runs the real electron-builder on the production install in `appDir` for a Linux `dir` target
 * with the project's electron-builder.yml. Only what needs the internet is replaced: the Electron
 * download (a stand-in with a fuse wire) and the native rebuild against Electron's headers.
 */
export function packLinuxDir(appDir: string): PackedApp {
  const electronVersion = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
  const electronDist = fakeElectron(path.join(appDir, '.electron-stand-in'));
  execFileSync(process.execPath, [electronBuilderCli, '--linux', 'dir', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.electronVersion=${electronVersion}`, '-c.npmRebuild=false'], {
    cwd: appDir,
    env: cleanEnv({ ELECTRON_BUILDER_CACHE: path.join(appDir, '.builder-cache') }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = path.join(appDir, 'release', 'linux-unpacked');
  const name = (JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')) as { name: string }).name;
  return { asar: path.join(out, 'resources', 'app.asar'), unpacked: path.join(out, 'resources', 'app.asar.unpacked'), binary: path.join(out, name) };
}
