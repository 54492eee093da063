import { describe, expect, it } from 'vitest';
import { pushEndpointPolicy } from './endpoints.js';

const reason = (check: () => unknown) => {
  try {
    check();
    return 'accepted';
  } catch (err) {
    return (err as { code: string; details?: { reason?: string } }).details?.reason ?? 'unknown';
  }
};

describe('push endpoints a subscription may name', () => {
  const policy = pushEndpointPolicy([
    'http://127.0.0.1:4123',
    'https://push.example.org',
    'http://10.0.0.5:80',
  ]);

  it('accepts the known push services over https', () => {
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/abc:def',
      'https://updates.push.services.mozilla.com/wpush/v2/gAAAA',
      'https://web.push.apple.com/QGuQyavXutnMH',
      'https://wns2-par02p.notify.windows.com/w/?token=BQYAAA',
    ]) {
      expect(
        reason(() => policy.check(endpoint)),
        endpoint,
      ).toBe('accepted');
    }
  });

  it('refuses other hosts, plain http, ports, credentials and look-alikes', () => {
    expect(reason(() => policy.check('https://evil.example/push'))).toBe('host');
    expect(reason(() => policy.check('https://fcm.googleapis.com.evil.example/x'))).toBe('host');
    expect(reason(() => policy.check('https://evilpush.apple.com.example/x'))).toBe('host');
    expect(reason(() => policy.check('http://fcm.googleapis.com/fcm/send/x'))).toBe('scheme');
    expect(reason(() => policy.check('https://fcm.googleapis.com:8443/fcm/send/x'))).toBe('port');
    expect(reason(() => policy.check('https://user:pw@fcm.googleapis.com/fcm/send/x'))).toBe('userinfo');
    expect(reason(() => policy.check('https://169.254.169.254/latest/meta-data'))).toBe('host');
    expect(reason(() => policy.check('not a url'))).toBe('not_a_url');
  });

  it('accepts listed origins; plain http only for a listed loopback origin', () => {
    expect(reason(() => policy.check('http://127.0.0.1:4123/push/1'))).toBe('accepted');
    expect(reason(() => policy.check('https://push.example.org/p/1'))).toBe('accepted');
    expect(reason(() => policy.check('http://10.0.0.5/push/1'))).toBe('scheme');
    expect(reason(() => policy.check('http://127.0.0.1:4124/push/1'))).toBe('scheme');
    expect([...policy.trustedOrigins]).toEqual(['http://127.0.0.1:4123']);
  });
});
