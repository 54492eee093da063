import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpotifyFake } from '../fakes/spotify.js';
import { REPO_ROOT } from '../fixtures.js';

/**
 * `railtape` as its own process, run from the sources through tsx (or, `built`, as Render runs it:
 * `node bin/railtape.js`, after `npm run build`): several of them on one database are what
 * `test/many-instances.test.ts` checks.
 */
export interface RailtapeProcess {
  child: ChildProcess;
  output(): string;
  /** Exit code (or the signal's name) once it ends. */
  exited: Promise<number | string>;
  /** Peak resident memory so far in MiB (Linux `VmHWM`), undefined elsewhere or after exit. */
  peakMemoryMiB(): number | undefined;
}

export function runRailtape(
  args: string[],
  env: Record<string, string>,
  options: { built?: boolean } = {},
): RailtapeProcess {
  const entry = options.built
    ? [join(REPO_ROOT, 'bin', 'railtape.js')]
    : ['--import', 'tsx', join(REPO_ROOT, 'src', 'main.ts')];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    output: () => output,
    exited,
    peakMemoryMiB() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
        return kb ? Number(kb) / 1024 : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Runs a command to its end and returns what it printed; fails with the output on a non-zero exit. */
export async function railtapeCommand(args: string[], env: Record<string, string>): Promise<string> {
  const run = runRailtape(args, env);
  const code = await run.exited;
  if (code !== 0) throw new Error(`railtape ${args.join(' ')} ended with ${code}:\n${run.output()}`);
  return run.output();
}

/** Waits until `url` answers 200 (a server's `/readyz`), or fails after `timeoutMs`. */
export async function waitUntilReady(
  url: string,
  timeoutMs = 30_000,
  process?: RailtapeProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms${process ? `:\n${process.output()}` : ''}`);
}

/**
 * Signs `spotifyUser` in through the whole Spotify flow against a server in another process, over real HTTP: the session cookie's value
 * (empty when sign-in did not complete).
 */
export async function signInOverHttp(
  serverUrl: string,
  spotify: SpotifyFake,
  spotifyUser: string,
): Promise<string> {
  spotify.signInAs(spotifyUser);
  const login = await fetch(`${serverUrl}/auth/spotify/login?returnTo=/trips`, { redirect: 'manual' });
  const pending = /railtape_sign_in=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const consent = await fetch(login.headers.get('location') ?? '', { redirect: 'manual' });
  const back = new URL(consent.headers.get('location') ?? '');
  const callback = await fetch(`${serverUrl}${back.pathname}${back.search}`, {
    redirect: 'manual',
    headers: { cookie: `railtape_sign_in=${pending}` },
  });
  if (callback.status !== 303) return '';
  return /railtape_session=([^;]+)/.exec(callback.headers.get('set-cookie') ?? '')?.[1] ?? '';
}
