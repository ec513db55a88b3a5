/**
 * ESM resolve hook (registered by launch.ts with module.register): `import … from 'electron'` in the
 * built main bundle and in ESM packages (electron-store) resolves to the stand-in. Everything else
 * resolves as Node resolves it, so the bundle's other npm packages are the real ones.
 */
import type { InitializeHook, ResolveHook } from 'node:module';

let electronUrl = '';

export const initialize: InitializeHook<{ electronUrl: string }> = (data) => {
  electronUrl = data.electronUrl;
};

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  if (specifier === 'electron' || specifier === 'electron/main') return { url: electronUrl, format: 'commonjs', shortCircuit: true };
  return nextResolve(specifier, context);
};
