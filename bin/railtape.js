#!/usr/bin/env node
// Runs the built CLI (`npm run build`); `npm run dev` runs the sources through tsx instead.
import { existsSync } from 'node:fs';

const built = new URL('../dist/main.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('railtape: dist/ is missing; run `npm run build` first\n');
  process.exit(1);
}
await import(built.href);
