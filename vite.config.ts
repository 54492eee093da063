import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, defineConfig, type Plugin } from 'vite';

/**
 * Builds the service worker (`web/src/sw.ts`) to `/sw.js` beside the page, after the page's bundle:
 * one classic script (scope `/` needs it at the root; no module worker, so every browser takes it),
 * with `__BUILD__` (a hash of the built shell: a new deploy is a new worker that re-caches) and
 * `__PRECACHE__` (every file written under /assets/, so lazy screens work offline too).
 */
function serviceWorker(): Plugin {
  let outDir = '';
  return {
    name: 'railtape-sw',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const assets = readdirSync(join(outDir, 'assets')).map((name) => `/assets/${name}`);
      const shell = readFileSync(join(outDir, 'index.html'));
      const version = createHash('sha256').update(shell).update(assets.join()).digest('hex').slice(0, 12);
      await build({
        configFile: false,
        root: resolve('web'),
        logLevel: 'warn',
        publicDir: false,
        define: { __BUILD__: JSON.stringify(version), __PRECACHE__: JSON.stringify(assets) },
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          minify: true,
          lib: {
            entry: resolve('web/src/sw.ts'),
            formats: ['iife'],
            name: 'railtapeWorker',
            fileName: () => 'sw.js',
          },
        },
      });
    },
  };
}

export default defineConfig({
  root: 'web',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: '../dist/web', emptyOutDir: true, assetsDir: 'assets' },
  plugins: [serviceWorker()],
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/share': 'http://localhost:3000',
      '/auth': 'http://localhost:3000',
      '/healthz': 'http://localhost:3000',
    },
  },
});
