import { describe, expect, it } from 'vitest';
import { canaryNames, runSelfTest } from './canaries.js';

describe('runSelfTest', () => {
  it('passes every canary', () => {
    const report = runSelfTest();
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('covers every decoder and a negative share', () => {
    const names = canaryNames().join('\n');
    for (const decoder of [
      '3HA',
      'sbbmobile://',
      'tripoffer',
      'short link',
      'stops search',
      'google',
      'plain text',
      'negative',
    ]) {
      expect(names).toContain(decoder);
    }
    expect(runSelfTest().results.map((r) => r.name)).toEqual(canaryNames());
  });
});
