import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesUnder } from './databases.js';

/**
 * The PWA built once (`vite build`), shared by every browser test: `global-setup.ts` makes it before
 * the workers start, named by what it is built from (the web sources, the server code they import,
 * the Vite config and the lockfile), so later runs and single-file runs reuse it. Read-only: a test
 * that needs files of its own (a music library, a screenshot) keeps them in its own temp dir.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built PWA (`index.html`, `sw.js`, `assets/`), see `ensurePwaBuild`. */
    pwaRoot: string | undefined;
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PREFIX = 'railtape-pwa-build-';

function pwaBuildKey(): string {
  const hash = createHash('sha256');
  // The page imports server modules too (schema types, `playlist/position.ts`): all of src counts.
  const files = [
    ...filesUnder(join(ROOT, 'web')),
    ...filesUnder(join(ROOT, 'src')),
    join(ROOT, 'vite.config.ts'),
  ];
  files.push(join(ROOT, 'package-lock.json'));
  for (const file of files)
    hash
      .update(`${relative(ROOT, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** The built PWA's folder in the temp dir; built under a temporary name and renamed when complete. */
export async function ensurePwaBuild(dir = tmpdir()): Promise<string> {
  const target = join(dir, `${PREFIX}${pwaBuildKey()}`);
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(PREFIX) || name === basename(target)) continue;
    const path = join(dir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > 24 * 3600_000) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another run removed it first.
    }
  }
  if (existsSync(join(target, 'index.html'))) {
    const now = new Date();
    utimesSync(target, now, now);
    return target;
  }
  const partial = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
  try {
    const { build } = await import('vite');
    await build({
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: partial, emptyOutDir: true },
    });
    try {
      renameSync(partial, target);
    } catch (err) {
      // A concurrent run finished the same build first: theirs is as good.
      if (!existsSync(join(target, 'index.html'))) throw err;
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return target;
}
