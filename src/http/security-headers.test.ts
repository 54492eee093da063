import { describe, expect, it } from 'vitest';
import { appSecurityHeaders, securityHeaders } from './security-headers.js';

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

describe('appSecurityHeaders', () => {
  const directives = (csp: string | undefined) =>
    new Map((csp ?? '').split(';').map((d) => [d.split(' ')[0] ?? '', d.split(' ').slice(1).join(' ')]));

  it('upgrades to https in production only; over plain http on a LAN name nothing else differs', () => {
    const production = appSecurityHeaders({ upgradeInsecureRequests: true });
    const local = appSecurityHeaders({ upgradeInsecureRequests: false });
    expect(directives(production['content-security-policy']).has('upgrade-insecure-requests')).toBe(true);
    expect(local['content-security-policy']).not.toContain('upgrade-insecure-requests');

    // The same policy otherwise: scripts, styles, connections and workers only from this origin.
    const withoutUpgrade = directives(production['content-security-policy']);
    withoutUpgrade.delete('upgrade-insecure-requests');
    expect(directives(local['content-security-policy'])).toEqual(withoutUpgrade);
    for (const csp of [local, production].map((h) => directives(h['content-security-policy']))) {
      expect(csp.get('script-src')).toBe("'self'");
      expect(csp.get('default-src')).toBe("'self'");
      expect(csp.get('connect-src')).toBe("'self'");
      expect(csp.get('object-src')).toBe("'none'");
      expect(csp.get('script-src-attr')).toBe("'none'");
      expect(csp.get('frame-ancestors')).toBe("'self'");
    }
    // And every other header is the same in both.
    const { 'content-security-policy': _p, ...productionRest } = production;
    const { 'content-security-policy': _l, ...localRest } = local;
    expect(localRest).toEqual(productionRest);
    expect(localRest['x-content-type-options']).toBe('nosniff');
  });
});
