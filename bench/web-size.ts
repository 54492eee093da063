/**
 * What the PWA's first load costs in bytes: the JavaScript and CSS that dist/web/index.html loads
 * before anything else (its module scripts, modulepreloads and stylesheets) and the service worker,
 * raw and gzip (level 9, what a static gzip step or a CDN ships). Issue 16's budget: 60 KB gzip of
 * initial JavaScript; over it, `npx tsx bench/web-size.ts` exits 1. Reads the build (`npm run build`
 * or `npx vite build`), builds nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { constants, gzipSync } from 'node:zlib';

const WEB = fileURLToPath(new URL('../dist/web', import.meta.url));
/** Issue 16: "initial JS ≤ 60 KB gzip". */
export const INITIAL_JS_BUDGET_BYTES = 60 * 1024;

export interface Asset {
  path: string;
  /** `lazy-js`/`lazy-css`: in dist/web/assets but not loaded up front (a screen's own chunk). */
  kind: 'js' | 'css' | 'sw' | 'lazy-js' | 'lazy-css';
  bytes: number;
  gzipBytes: number;
}

export interface WebSize {
  assets: Asset[];
  initialJsGzip: number;
  initialCssGzip: number;
  swGzip: number | undefined;
  overBudget: boolean;
  lines: string[];
}

const attr = (tag: string, name: string) =>
  new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i').exec(tag)?.[1];

/** The JS and CSS index.html loads up front: module scripts, modulepreloads, stylesheets (in order). */
export function initialAssets(html: string): { js: string[]; css: string[] } {
  const js: string[] = [];
  const css: string[] = [];
  for (const [tag] of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
    if (/^<script/i.test(tag)) {
      const src = attr(tag, 'src');
      // Classic scripts count too; only ones with a src are files.
      if (src) js.push(src);
      continue;
    }
    const rel = attr(tag, 'rel')?.toLowerCase().split(/\s+/) ?? [];
    const href = attr(tag, 'href');
    if (!href) continue;
    if (rel.includes('modulepreload')) js.push(href);
    else if (rel.includes('stylesheet')) css.push(href);
  }
  return { js: [...new Set(js)], css: [...new Set(css)] };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function measureWebSize(webRoot = WEB): WebSize {
  const index = join(webRoot, 'index.html');
  if (!existsSync(index))
    throw new Error(`${index} is missing: run \`npm run build\` (or \`npx vite build\`) first`);
  const html = readFileSync(index, 'utf8');
  const { js, css } = initialAssets(html);
  const measure = (path: string, kind: Asset['kind']): Asset => {
    const body = readFileSync(join(webRoot, path.replace(/^\//, '')));
    return {
      path,
      kind,
      bytes: body.length,
      gzipBytes: gzipSync(body, { level: constants.Z_BEST_COMPRESSION }).length,
    };
  };
  const assets = [...js.map((p) => measure(p, 'js')), ...css.map((p) => measure(p, 'css'))];
  if (existsSync(join(webRoot, 'sw.js'))) assets.push(measure('/sw.js', 'sw'));
  const initial = new Set([...js, ...css]);
  const assetsDir = join(webRoot, 'assets');
  if (existsSync(assetsDir)) {
    for (const name of readdirSync(assetsDir).sort()) {
      const path = `/assets/${name}`;
      if (initial.has(path)) continue;
      if (name.endsWith('.js')) assets.push(measure(path, 'lazy-js'));
      else if (name.endsWith('.css')) assets.push(measure(path, 'lazy-css'));
    }
  }
  const sum = (kind: Asset['kind']) =>
    assets.filter((a) => a.kind === kind).reduce((s, a) => s + a.gzipBytes, 0);
  const initialJsGzip = sum('js');
  const initialCssGzip = sum('css');
  const sw = assets.find((a) => a.kind === 'sw');
  const overBudget = initialJsGzip > INITIAL_JS_BUDGET_BYTES;
  const lines = [
    '| file | kind | raw | gzip |',
    '|---|---|---|---|',
    ...assets.map((a) => `| \`${a.path}\` | ${a.kind} | ${kb(a.bytes)} | ${kb(a.gzipBytes)} |`),
    '',
    `Initial JS ${kb(initialJsGzip)} gzip (budget ${kb(INITIAL_JS_BUDGET_BYTES)}${overBudget ? ': OVER BUDGET' : ''}), initial CSS ${kb(initialCssGzip)} gzip, service worker ${sw ? `${kb(sw.gzipBytes)} gzip` : 'absent'}; chunks loaded on demand ${kb(sum('lazy-js'))} JS and ${kb(sum('lazy-css'))} CSS gzip.`,
  ];
  return { assets, initialJsGzip, initialCssGzip, swGzip: sw?.gzipBytes, overBudget, lines };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const size = measureWebSize();
  process.stdout.write(`${size.lines.join('\n')}\n`);
  if (size.overBudget) process.exitCode = 1;
}
