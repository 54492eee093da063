import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers.js';

describe('securityHeaders', () => {
  it("has Helmet's headers, with the policy it was given", () => {
    const headers = securityHeaders({
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'] } },
    });
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['content-security-policy']).toContain("img-src 'self' data:");
    expect(headers['cross-origin-embedder-policy']).toBeUndefined();
  });

  it('leaves out what it is told to, and refuses a policy Helmet rejects', () => {
    expect(securityHeaders({ strictTransportSecurity: false })['strict-transport-security']).toBeUndefined();
    expect(() =>
      securityHeaders({ contentSecurityPolicy: { directives: { 'bad name': ["'self'"] } } }),
    ).toThrow();
  });
});
