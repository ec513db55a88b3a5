import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/service-process';

// semver ships no types; these are the two calls used (typed here rather than adding @types/semver).
const semver = createRequire(import.meta.url)('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string, options?: { includePrerelease?: boolean }): boolean;
};

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}

const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

/** The node range a lock entry declares; old packages wrote engines as ["node >= 0.8"]. */
function nodeRange(entry: LockEntry): string | undefined {
  if (Array.isArray(entry.engines)) return entry.engines.find((e) => e.startsWith('node'))?.replace(/^node\s*/, '');
  return entry.engines?.node;
}

/**
 * package.json promises `engines.node`; every installed package must run on its lowest version.
 * Guards against `npm install` printing EBADENGINE on the oldest supported Node (it did for
 * @electron/rebuild 4, node-abi 4 and cookie 2, all wanting Node 22) and against a promise the
 * tree does not keep.
 */
describe('engines', () => {
  const minimum = semver.minVersion(pkg.engines.node)!.version;
  const declared = Object.entries(lock.packages).filter(([name, entry]) => name !== '' && nodeRange(entry));

  it('the lockfile records engines (so the check below sees the tree)', () => {
    // npm writes each package's engines into package-lock.json; without them the next test passes vacuously.
    expect(declared.length).toBeGreaterThan(100);
    expect(lock.packages['']!.engines).toEqual(pkg.engines);
  });

  it(`every installed package accepts the minimum Node version in package.json`, () => {
    const refusing = declared
      .filter(([, entry]) => !semver.satisfies(minimum, nodeRange(entry)!, { includePrerelease: true }))
      .map(([name, entry]) => `${name.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${nodeRange(entry)}`);
    expect(refusing, `engines.node is "${pkg.engines.node}" (minimum ${minimum})`).toEqual([]);
  });

  it('the Node running the tests is one package.json accepts', () => {
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });
});
