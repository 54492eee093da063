import { execFileSync } from 'node:child_process';

/** Debian's Chromium (never a downloaded browser): `CHROMIUM_PATH`, else `chromium` on PATH. */
function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim() || undefined;
    } catch {}
  }
  return undefined;
}

export const chromiumPath = findChromium();
if (!chromiumPath && process.env.RAILTAPE_REQUIRE_SERVICES) {
  throw new Error('RAILTAPE_REQUIRE_SERVICES is set but Chromium is not installed');
}

// Without the background-networking flags Chromium keeps dialling Google on a machine with no internet.
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
