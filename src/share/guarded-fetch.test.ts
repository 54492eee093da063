import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../domain/errors.js';
import { appErrorCause, createGuardedAgent, createGuardedFetch, guardedLookup } from './guarded-fetch.js';

const never = () => AbortSignal.timeout(5_000);

async function refusalOf(promise: Promise<unknown>): Promise<[string, unknown]> {
  try {
    await promise;
  } catch (err) {
    const app = appErrorCause(err);
    if (app !== undefined) return [app.code, app.details?.reason];
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('guardedLookup', () => {
  const run = (addresses: string[], options: { all?: boolean; family?: number }) =>
    new Promise<{ err: Error | null; address: unknown; family?: number }>((resolve) => {
      guardedLookup(async () => addresses)(
        'host.example',
        options as never,
        ((err: Error | null, address: unknown, family?: number) =>
          resolve({ err, address, family })) as never,
      );
    });

  it('hands the socket exactly the checked addresses', async () => {
    expect(await run(['194.150.245.142', '2a00:4bc0:ffff:ffff::c296:f58e'], { all: true })).toMatchObject({
      err: null,
      address: [
        { address: '194.150.245.142', family: 4 },
        { address: '2a00:4bc0:ffff:ffff::c296:f58e', family: 6 },
      ],
    });
    expect(await run(['194.150.245.142'], {})).toMatchObject({
      err: null,
      address: '194.150.245.142',
      family: 4,
    });
    expect(await run(['194.150.245.142', '2606:4700:4700::1111'], { family: 6 })).toMatchObject({
      address: '2606:4700:4700::1111',
    });
  });

  it.each([
    ['127.0.0.1'],
    ['10.1.2.3'],
    ['100.64.0.1'],
    ['169.254.169.254'],
    ['::1'],
    ['::ffff:127.0.0.1'],
    ['fd00::1'],
    ['ff02::1'],
    ['0.0.0.0'],
  ])('refuses a name that resolves to %s, even among public addresses', async (bad) => {
    const { err } = await run(['194.150.245.142', bad], { all: true });
    expect(err).toBeInstanceOf(AppError);
    expect([(err as AppError).code, (err as AppError).details?.reason]).toEqual([
      'link_not_allowed',
      'address',
    ]);
  });

  it('fails a name without addresses', async () => {
    const { err } = await run([], { all: true });
    expect((err as AppError).details?.reason).toBe('dns');
  });
});

describe('the guarded agent and fetch (real HTTP on loopback)', () => {
  let server: Server;
  let port: number;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.end('inside');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('refuses to connect when the name resolves to loopback at connect time', async () => {
    const before = hits;
    const lookup = vi.fn(async () => ['127.0.0.1']);
    const dispatcher = createGuardedAgent({ lookup });
    const refusal = await refusalOf(undiciFetch(`http://rebind.test:${port}/`, { dispatcher }));
    expect(refusal).toEqual(['link_not_allowed', 'address']);
    expect(lookup).toHaveBeenCalledWith('rebind.test');
    expect(hits).toBe(before);
    await dispatcher.close();
  });

  it('refuses a loopback literal the socket would not look up', async () => {
    const before = hits;
    const dispatcher = createGuardedAgent({ lookup: async () => ['194.150.245.142'] });
    for (const url of [
      `http://127.0.0.1:${port}/`,
      `http://2130706433:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
    ]) {
      expect(await refusalOf(undiciFetch(url, { dispatcher })), url).toEqual(['link_not_allowed', 'address']);
    }
    expect(hits).toBe(before);
    await dispatcher.close();
  });

  it('connects to an origin the operator trusts, and only to it', async () => {
    const dispatcher = createGuardedAgent({ trustedOrigins: new Set([`http://127.0.0.1:${port}`]) });
    const response = await undiciFetch(`http://127.0.0.1:${port}/`, { dispatcher });
    expect(await response.text()).toBe('inside');
    expect(await refusalOf(undiciFetch(`http://localhost:${port}/`, { dispatcher }))).toEqual([
      'link_not_allowed',
      'address',
    ]);
    await dispatcher.close();
  });

  it('checks the answer at the check and again at connect: a rebinding name is refused', async () => {
    const answers = [['194.150.245.142'], ['127.0.0.1']];
    const lookup = vi.fn(async () => answers.shift() ?? ['127.0.0.1']);
    const guarded = createGuardedFetch({ lookup });
    const err = await guarded(new URL(`https://rebind.test:${port}/`), { signal: never() }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect([(err as AppError).code, (err as AppError).details?.reason]).toEqual([
      'link_not_allowed',
      'address',
    ]);
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['http://push.example/x', 'scheme'],
    ['https://2130706433/', 'address'],
    ['https://0x7f.1/', 'address'],
    ['https://017700000001/', 'address'],
    ['https://[::ffff:127.0.0.1]/', 'address'],
    ['https://[::1]/', 'address'],
    ['https://a.sbbmobile.ch@127.0.0.1/', 'userinfo'],
    ['https://user:pw@push.example/', 'userinfo'],
  ])('refuses %s before any request (%s)', async (url, reason) => {
    const lookup = vi.fn(async () => ['194.150.245.142']);
    const guarded = createGuardedFetch({ lookup });
    expect(await refusalOf(guarded(new URL(url), { signal: never() }))).toEqual(['link_not_allowed', reason]);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('keeps a host allow-list when given one', async () => {
    const guarded = createGuardedFetch({
      lookup: async () => ['194.150.245.142'],
      allowedHosts: new Set(['push.example']),
    });
    expect(await refusalOf(guarded(new URL('https://other.example/'), { signal: never() }))).toEqual([
      'link_not_allowed',
      'host',
    ]);
  });
});
