import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

// The renderer is loaded from file:// in Electron and from the service's own origin in service
// mode: relative asset paths ('./') work for both.
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // No inlined assets: the CSP allows only 'self' scripts and styles.
    assetsInlineLimit: 0,
  },
});
