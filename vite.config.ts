import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: '../dist/web', emptyOutDir: true, assetsDir: 'assets' },
  server: { proxy: { '/api': 'http://localhost:3000', '/share': 'http://localhost:3000' } },
});
