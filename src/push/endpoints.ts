/**
 * Which push endpoints a browser subscription may name. The endpoint is a URL from the client, and
 * the reminder worker will POST to it: left open, a subscription would make the server call any
 * address (SSRF). Only https on the big push services is accepted, plus origins the operator lists
 * (`PUSH_ALLOWED_ORIGINS`: a self-hosted push server, the test fake); plain http only for a loopback
 * origin listed there by name.
 */
import { AppError } from '../domain/errors.js';

/** FCM (Chrome, Edge on Android), Mozilla autopush, Apple (Safari, iOS 16.4+), Windows (WNS). */
const PUSH_SERVICE_HOSTS: readonly (string | RegExp)[] = [
  'fcm.googleapis.com',
  'android.googleapis.com',
  /^([a-z0-9-]+\.)*push\.services\.mozilla\.com$/,
  /^([a-z0-9-]+\.)*push\.apple\.com$/,
  /^([a-z0-9-]+\.)*notify\.windows\.com$/,
];

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/;

const refuse = (reason: string) =>
  new AppError('push_endpoint_not_allowed', 'That push endpoint is not on a known push service.', {
    reason,
  });

export interface PushEndpointPolicy {
  /** Throws `push_endpoint_not_allowed` unless reminders may be sent to `endpoint`. */
  check(endpoint: string): URL;
  /** Origins the sender may dial without the public-address check (the listed loopback ones). */
  trustedOrigins: ReadonlySet<string>;
}

export function pushEndpointPolicy(allowedOrigins: readonly string[] = []): PushEndpointPolicy {
  const listed = new Set(allowedOrigins.map((o) => new URL(o).origin));
  const trustedOrigins = new Set([...listed].filter((o) => LOOPBACK.test(new URL(o).hostname)));
  return {
    trustedOrigins,
    check(endpoint) {
      let url: URL;
      try {
        url = new URL(endpoint);
      } catch {
        throw refuse('not_a_url');
      }
      if (url.username || url.password) throw refuse('userinfo');
      if (listed.has(url.origin)) {
        if (url.protocol === 'https:' || trustedOrigins.has(url.origin)) return url;
        throw refuse('scheme');
      }
      if (url.protocol !== 'https:') throw refuse('scheme');
      if (url.port !== '') throw refuse('port');
      const host = url.hostname.toLowerCase();
      const known = PUSH_SERVICE_HOSTS.some((h) => (typeof h === 'string' ? h === host : h.test(host)));
      if (!known) throw refuse('host');
      return url;
    },
  };
}
