import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * electron-builder's own copies of the libraries it packs with (@electron/fuses, @electron/asar,
 * its config schema), so the tests read the configuration and the packed app exactly as it does,
 * whatever versions other packages pull in.
 */
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const fromAppBuilder = createRequire(fromBuilder.resolve('app-builder-lib/package.json'));

export const electronBuilderCli = path.join(path.dirname(fromBuilder.resolve('electron-builder/package.json')), 'cli.js');

/** Fuse name → its position in Electron's fuse wire, e.g. GrantFileProtocolExtraPrivileges → 7. */
export const FuseV1Options = (fromAppBuilder('@electron/fuses') as { FuseV1Options: Record<string, number | string> }).FuseV1Options;

/** The fuse wire's byte values. */
export const FuseState = { DISABLE: 0x30, ENABLE: 0x31 } as const;
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** The keys electron-builder accepts under `electronFuses` (its JSON schema). */
export function electronFuseKeys(): string[] {
  const schema = fromBuilder('app-builder-lib/scheme.json') as { definitions: Record<string, { properties: Record<string, unknown> }> };
  return Object.keys(schema.definitions.FuseOptionsV1!.properties);
}

/** What electron-builder puts in a .deb's Depends when the config names none. */
export function defaultDebDepends(): string[] {
  const FpmTarget = (fromBuilder('app-builder-lib/out/targets/FpmTarget') as { default: { prototype: { getDefaultDepends(t: string): string[] } } }).default;
  return FpmTarget.prototype.getDefaultDepends('deb');
}

export const asar = fromAppBuilder('@electron/asar') as {
  listPackage(archive: string, options?: object): string[];
  statFile(archive: string, filename: string): { unpacked?: boolean; files?: object };
  extractAll(archive: string, dest: string): void;
};
