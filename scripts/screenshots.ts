/**
 * `npx tsx scripts/screenshots.ts`: every main screen (home, a trip, live, settings, a refused share,
 * an image-only share) at phone (390×844) and desktop (1280×800) size, light and dark, as the showcase
 * traveller sees them (test/support/showcase.ts: signed in through the Spotify fake, Samedan → Bern
 * with about 77 songs), written to docs/screenshots/<screen>-<phone|desktop>-<light|dark>.png.
 *
 * Builds the PWA first (`vite build` into dist/web, what `npm run build` makes; `--no-build` skips it)
 * and runs the server from the sources on a fresh embedded database against the contract fakes.
 * Device scale 1 and the viewport only (`--full-page` for whole pages) keep the files small.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/chromium.js';
import { SCREEN_READY, showcaseScreens, startShowcaseServer } from '../test/support/showcase.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'docs', 'screenshots');
const args = new Set(process.argv.slice(2));
const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
} as const;

if (!chromiumPath) throw new Error('Chromium is not installed (CHROMIUM_PATH or `chromium` on PATH)');
if (!args.has('--no-build')) {
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
mkdirSync(OUT, { recursive: true });

const server = await startShowcaseServer({ built: false });
const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
const written: string[] = [];
const notReady: string[] = [];
try {
  const screens = showcaseScreens(server.ids);
  for (const [size, device] of Object.entries(SIZES)) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({
        ...device,
        colorScheme,
        locale: 'en-GB',
        timezoneId: 'Europe/Zurich',
      });
      await context.addCookies([{ name: 'railtape_session', value: server.session, url: server.origin }]);
      const page = await context.newPage();
      await page.clock.install({ time: screens[0]?.at ?? new Date() });
      for (const screen of screens) {
        await page.clock.setSystemTime(screen.at);
        await page.goto(`${server.origin}${screen.path}`);
        try {
          await page.locator(SCREEN_READY[screen.name]).first().waitFor({ timeout: 8_000 });
          await page.waitForFunction(
            () => document.querySelectorAll('[aria-busy="true"]').length === 0,
            null,
            {
              timeout: 8_000,
            },
          );
        } catch {
          notReady.push(`${screen.name}-${size}-${colorScheme}`);
        }
        await page.evaluate(() => document.fonts.ready);
        const file = join(OUT, `${screen.name}-${size}-${colorScheme}.png`);
        await page.screenshot({ path: file, fullPage: args.has('--full-page'), animations: 'disabled' });
        written.push(file);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
process.stdout.write(
  `${written.length} screenshots in ${OUT} (trip: ${server.ids.legCount} legs, ${server.ids.trackCount} tracks)\n`,
);
if (notReady.length > 0) {
  process.stdout.write(`Screens that never showed their content (shot anyway): ${notReady.join(', ')}\n`);
}
