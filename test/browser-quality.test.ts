/**
 * The PWA's quality bar (issue 16, "Quality"): every main screen at phone and desktop size, light and
 * dark, has no WCAG 2.2 A/AA violations (axe-core); nothing scrolls sideways on a 320 px phone; buttons
 * and links are at least 44×44 px (inline text links 24 px); with reduced motion nothing animates; and
 * over plain http from a LAN name the app still loads (only production upgrades to https).
 *
 * Against the real server on the embedded database with the contract fakes: a traveller signed in
 * through the Spotify fake with the showcase shares (test/support/showcase.ts).
 */
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_RIDER } from './fakes/spotify.js';
import { startTestApp, type TestApp } from './support/app.js';
import { axeViolations, formatViolations } from './support/axe.js';
import { CHROMIUM_ARGS, chromiumPath } from './support/chromium.js';
import { testDatabases } from './support/databases.js';
import { freePort } from './support/ports.js';
import { signInOverHttp } from './support/processes.js';
import { builtPwa } from './support/pwa.js';
import {
  SCREEN_READY,
  SHOWCASE_BEFORE,
  type ShowcaseIds,
  type ShowcaseScreen,
  seedShowcase,
  showcaseScreens,
} from './support/showcase.js';

const LAN_NAME = 'railtape.local';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;
const DESKTOP = { viewport: { width: 1280, height: 800 } } as const;

const title = chromiumPath
  ? 'the PWA’s quality bar in Chromium'
  : 'the PWA’s quality bar in Chromium (skipped: chromium not installed)';

describe.skipIf(!chromiumPath)(title, () => {
  let webRoot: string;
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  let port: number;
  let session: string;
  let ids: ShowcaseIds;
  let screens: ShowcaseScreen[];

  beforeAll(async () => {
    webRoot = builtPwa();
    port = await freePort();
    t = await startTestApp(testDatabases[0]!, {
      spotify: true,
      port,
      webRoot,
      rateLimitMax: 100_000,
      now: SHOWCASE_BEFORE,
    });
    await t.app.listen({ port, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${port}`;
    session = await signInOverHttp(origin, t.spotify!, FAKE_RIDER);
    expect(session).not.toBe('');
    ids = await seedShowcase(origin, session);
    expect(ids.legCount).toBe(5);
    expect(ids.statuses).toMatchObject({ long: 'parsed', attention: 'failed', refused: 'failed' });
    screens = showcaseScreens(ids);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      // A LAN name for the plain-http check: not loopback, so not a secure context.
      args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedInContext(
    options: BrowserContextOptions,
    host = '127.0.0.1',
  ): Promise<BrowserContext> {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Zurich', ...options });
    await context.addCookies([{ name: 'railtape_session', value: session, url: `http://${host}:${port}` }]);
    return context;
  }

  /** Opens a screen with its clock and waits for its content; says so when the content never came. */
  async function open(page: Page, screen: ShowcaseScreen, base = origin): Promise<string | undefined> {
    await page.clock.setSystemTime(screen.at);
    await page.goto(`${base}${screen.path}`);
    try {
      await page.locator(SCREEN_READY[screen.name]).first().waitFor({ timeout: 5_000 });
      await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0, null, {
        timeout: 5_000,
      });
      return undefined;
    } catch {
      return `${screen.name}: not ready (no ${SCREEN_READY[screen.name]} within 5 s, or still aria-busy)`;
    }
  }

  async function newPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.clock.install({ time: SHOWCASE_BEFORE });
    return page;
  }

  const combos = [
    { size: 'phone', device: PHONE, colorScheme: 'light' },
    { size: 'phone', device: PHONE, colorScheme: 'dark' },
    { size: 'desktop', device: DESKTOP, colorScheme: 'light' },
    { size: 'desktop', device: DESKTOP, colorScheme: 'dark' },
  ] as const;

  it.each(combos)('has no axe violations on any main screen ($size, $colorScheme)', async (combo) => {
    const context = await signedInContext({ ...combo.device, colorScheme: combo.colorScheme });
    const page = await newPage(context);
    const problems: string[] = [];
    for (const screen of screens) {
      const notReady = await open(page, screen);
      if (notReady) problems.push(notReady);
      const report = formatViolations(
        `${screen.name} (${combo.size}, ${combo.colorScheme})`,
        await axeViolations(page),
      );
      if (report) problems.push(report);
    }
    await context.close();
    expect(problems.length, `\n${problems.join('\n\n')}\n`).toBe(0);
  });

  it('never scrolls sideways on a 320 px phone', async () => {
    const context = await signedInContext({
      viewport: { width: 320, height: 640 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await newPage(context);
    const problems: string[] = [];
    for (const screen of screens) {
      const notReady = await open(page, screen);
      if (notReady) problems.push(notReady);
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        // Inside a region that scrolls or clips on its own (a wide timeline) is not the page's overflow.
        const clipped = (el: Element) => {
          for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            if (getComputedStyle(p).overflowX !== 'visible') return true;
          }
          return false;
        };
        const label = (el: Element) => {
          const cls = el.getAttribute('class');
          return `${el.tagName.toLowerCase()}${cls ? `.${cls.trim().split(/\s+/).join('.')}` : ''}`;
        };
        const wide = [...document.querySelectorAll('body *')]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.right > width + 0.5 && !clipped(el);
          })
          // The outermost offenders only.
          .filter((el, _i, all) => !all.some((other) => other !== el && other.contains(el)))
          .slice(0, 5)
          .map((el) => `${label(el)} right=${Math.round(el.getBoundingClientRect().right)}`);
        return { scrollWidth: document.documentElement.scrollWidth, width, wide };
      });
      if (overflow.scrollWidth > overflow.width) {
        problems.push(
          `${screen.name}: ${overflow.scrollWidth} px wide in a ${overflow.width} px viewport; ${overflow.wide.join(', ')}`,
        );
      }
    }
    await context.close();
    expect(problems.length, `\n${problems.join('\n')}\n`).toBe(0);
  });

  it('has touch targets of at least 44×44 px (inline text links 24 px) on a phone', async () => {
    const context = await signedInContext({ ...PHONE });
    const page = await newPage(context);
    const problems: string[] = [];
    for (const screen of screens) {
      const notReady = await open(page, screen);
      if (notReady) problems.push(notReady);
      const small = await page.evaluate(() => {
        const targets = document.querySelectorAll<HTMLElement>(
          'a[href], button, [role="button"], [role="link"], [role="tab"], summary, select',
        );
        const out: string[] = [];
        for (const el of targets) {
          if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue;
          const offPage = (box: DOMRect) =>
            box.bottom + window.scrollY <= 0 || box.right + window.scrollX <= 0;
          let r = el.getBoundingClientRect();
          // Moved off the page until focused (a skip link): measured as it shows on focus.
          if (offPage(r)) {
            el.focus({ preventScroll: true });
            r = el.getBoundingClientRect();
            el.blur();
          }
          // Visually hidden or still off the page: not a target.
          if (r.width <= 1 || r.height <= 1 || offPage(r)) continue;
          const style = getComputedStyle(el);
          const parentText = el.parentElement?.textContent?.trim() ?? '';
          const inlineText =
            el.tagName === 'A' &&
            style.display === 'inline' &&
            parentText.length > (el.textContent?.trim().length ?? 0);
          const lineHeight = Number.parseFloat(style.lineHeight) || 0;
          const height = inlineText ? Math.max(r.height, lineHeight) : r.height;
          const need = inlineText ? 24 : 44;
          if (r.width + 0.5 < need || height + 0.5 < need) {
            const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40);
            out.push(
              `${el.tagName.toLowerCase()} "${name}" ${Math.round(r.width)}×${Math.round(height)} px (needs ${need})`,
            );
          }
        }
        return out;
      });
      if (small.length > 0) problems.push(`${screen.name}: ${small.join('; ')}`);
    }
    await context.close();
    expect(problems.length, `\n${problems.join('\n')}\n`).toBe(0);
  });

  it('runs no animations when the traveller asks for reduced motion', async () => {
    const context = await signedInContext({ ...PHONE, reducedMotion: 'reduce' });
    const page = await newPage(context);
    const problems: string[] = [];
    for (const screen of screens) {
      const notReady = await open(page, screen);
      if (notReady) problems.push(notReady);
      const running = await page.evaluate(() =>
        document
          .getAnimations()
          .filter((a) => a.playState === 'running')
          .map((a) => {
            const target = (a.effect as KeyframeEffect | null)?.target;
            const name =
              a instanceof CSSAnimation
                ? a.animationName
                : a instanceof CSSTransition
                  ? a.transitionProperty
                  : a.id;
            return `${a.constructor.name} ${name} on ${target ? `${target.tagName.toLowerCase()}.${target.className}` : '?'}`;
          }),
      );
      if (running.length > 0) problems.push(`${screen.name}: ${running.join(', ')}`);
    }
    await context.close();
    expect(problems.length, `\n${problems.join('\n')}\n`).toBe(0);
  });

  it('loads over plain http from a LAN name (no upgrade to https outside production)', async () => {
    const context = await signedInContext({ ...PHONE }, LAN_NAME);
    const page = await newPage(context);
    const errors: string[] = [];
    const httpsRequests: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (r.url().startsWith('https:')) httpsRequests.push(r.url());
    });
    const answer = await page.goto(`http://${LAN_NAME}:${port}/`);
    expect(answer?.headers()['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    // The shell rendered: its scripts and styles came over http.
    await page.locator('main h1').waitFor({ timeout: 10_000 });
    const styled = await page.evaluate(() => document.styleSheets.length);
    expect(styled).toBeGreaterThan(0);
    for (const screen of screens.filter((s) => s.name === 'home' || s.name === 'trip')) {
      expect(await open(page, screen, `http://${LAN_NAME}:${port}`)).toBeUndefined();
    }
    expect(httpsRequests).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
