import { BlockList, isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../domain/errors.js';
import { createTargetCheck, isPublicAddress } from './address-policy.js';

describe('isPublicAddress', () => {
  it.each([
    '0.0.0.0',
    '0.1.2.3',
    '10.0.0.1',
    '10.255.255.255',
    '100.64.0.1',
    '100.127.255.254',
    '127.0.0.1',
    '127.8.9.10',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.0.2.1',
    '192.168.1.1',
    '198.18.0.1',
    '198.19.255.255',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.251',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
    '::ffff:8.8.8.8',
    '::ffff:7f00:1',
    '::127.0.0.1',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'ff02::1',
    '100::1',
    '2001:db8::1',
    '2001::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '2002:0a00:0001::1',
    '2002:c0a8:0101::1',
    '64:ff9b::10.0.0.1',
    '64:ff9b::7f00:1',
    '3fff::1',
    'localhost',
    '1.2.3',
    '1.2.3.256',
    '01.2.3.4',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '',
  ])('refuses %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '194.150.245.142',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.169.0.1',
    '198.20.0.1',
    '223.255.255.255',
    '2a00:4bc0:ffff:ffff::c296:f58e',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '2002:0808:0808::1',
    '64:ff9b::8.8.8.8',
    '2A00:1450:4001:80B::200E',
  ])('accepts %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  // node:net's BlockList is an independent implementation of the same prefix arithmetic.
  const v4Blocked = new BlockList();
  for (const [net, bits] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.88.99.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 3],
  ] as const) {
    v4Blocked.addSubnet(net, bits, 'ipv4');
  }
  const v6Global = new BlockList();
  v6Global.addSubnet('2000::', 3, 'ipv6');
  const v6Special = new BlockList();
  v6Special.addSubnet('2001::', 23, 'ipv6');
  v6Special.addSubnet('2001:db8::', 32, 'ipv6');
  v6Special.addSubnet('3fff::', 20, 'ipv6');
  v6Special.addSubnet('2002::', 16, 'ipv6');

  it('agrees with node:net BlockList on random IPv4 addresses', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(isPublicAddress(ip)).toBe(!v4Blocked.check(ip, 'ipv4'));
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees with node:net BlockList on random IPv6 addresses (outside 6to4)', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        fc.pre(!/^64:ff9b::/i.test(ip) && !/^0*2002:/i.test(ip) && isIP(ip) === 6);
        expect(isPublicAddress(ip)).toBe(v6Global.check(ip, 'ipv6') && !v6Special.check(ip, 'ipv6'));
      }),
      { numRuns: 2_000 },
    );
  });

  it('accepts only what node:net calls an IP address', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.ipV4Extended(), fc.ipV6()), (text) => {
        if (isIP(text) === 0) expect(isPublicAddress(text)).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('createTargetCheck', () => {
  const never = new AbortController().signal;
  const policy = (lookup: (host: string) => Promise<string[]>) =>
    createTargetCheck({
      allowedHosts: new Set(['a.sbbmobile.ch', '203.0.113.5', '8.8.8.8']),
      trustedOrigins: new Set(['http://127.0.0.1:4010']),
      lookup,
    });
  const reasonOf = async (promise: Promise<void>): Promise<[string, unknown]> => {
    try {
      await promise;
    } catch (err) {
      if (err instanceof AppError) return [err.code, err.details?.reason];
      throw err;
    }
    throw new Error('expected the check to refuse');
  };

  it('lets a configured origin through without looking it up', async () => {
    const lookup = vi.fn(async () => ['127.0.0.1']);
    await expect(policy(lookup)(new URL('http://127.0.0.1:4010/s/x'), never)).resolves.toBeUndefined();
    expect(lookup).not.toHaveBeenCalled();
  });

  it('refuses plain http and hosts off the list before any lookup', async () => {
    const lookup = vi.fn(async () => ['8.8.8.8']);
    const check = policy(lookup);
    expect(await reasonOf(check(new URL('http://a.sbbmobile.ch/s/x'), never))).toEqual([
      'link_not_allowed',
      'scheme',
    ]);
    expect(await reasonOf(check(new URL('https://evil.example/s/x'), never))).toEqual([
      'link_not_allowed',
      'host',
    ]);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('refuses credentials in the URL, which disguise the real host', async () => {
    const lookup = vi.fn(async () => ['8.8.8.8']);
    expect(await reasonOf(policy(lookup)(new URL('https://a.sbbmobile.ch@127.0.0.1/s/x'), never))).toEqual([
      'link_not_allowed',
      'userinfo',
    ]);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('allows any public host when no allow-list is given', async () => {
    const open = createTargetCheck({ trustedOrigins: new Set(), lookup: async () => ['194.150.245.142'] });
    await expect(open(new URL('https://push.example/x'), never)).resolves.toBeUndefined();
    expect(await reasonOf(open(new URL('https://2130706433/'), never))).toEqual([
      'link_not_allowed',
      'address',
    ]);
  });

  it('judges an address literal itself instead of looking it up', async () => {
    const lookup = vi.fn(async () => ['8.8.8.8']);
    const check = policy(lookup);
    await expect(check(new URL('https://8.8.8.8/'), never)).resolves.toBeUndefined();
    expect(await reasonOf(check(new URL('https://203.0.113.5/'), never))).toEqual([
      'link_not_allowed',
      'address',
    ]);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('needs every resolved address to be public, and at least one', async () => {
    const url = new URL('https://a.sbbmobile.ch/s/x');
    await expect(policy(async () => ['194.150.245.142'])(url, never)).resolves.toBeUndefined();
    expect(await reasonOf(policy(async () => ['194.150.245.142', '10.0.0.1'])(url, never))).toEqual([
      'link_not_allowed',
      'address',
    ]);
    expect(await reasonOf(policy(async () => [])(url, never))).toEqual(['resolution_failed', 'dns']);
  });

  it('stops waiting for a lookup when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = policy(() => new Promise<string[]>(() => undefined))(
      new URL('https://a.sbbmobile.ch/s/x'),
      controller.signal,
    );
    controller.abort(new Error('budget spent'));
    await expect(pending).rejects.toThrow('budget spent');
  });
});
