import fs from 'node:fs';
import path from 'node:path';

/** The project folder, found from this file whether it runs from source (tests) or from dist/. */
export function findPackageRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'till-companion') {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find the till-companion package above ${from}`);
  }
}

export function packageVersion(root = findPackageRoot()): string {
  return (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
