import { describe, expect, it } from 'vitest';
import { isDatabaseOutage } from './outage.js';

const withCause = (message: string, cause: unknown) => Object.assign(new Error(message), { cause });

describe('isDatabaseOutage', () => {
  it('knows a refused or dropped connection behind a failed query', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(isDatabaseOutage(withCause('Failed query: select 1', refused))).toBe(true);
    expect(isDatabaseOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseOutage(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(
      true,
    );
    expect(
      isDatabaseOutage(Object.assign(new Error('the database system is starting up'), { code: '57P03' })),
    ).toBe(true);
    expect(isDatabaseOutage(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(true);
  });

  it('does not take a wrong query or a bug for an outage', () => {
    expect(isDatabaseOutage(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseOutage(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
    expect(isDatabaseOutage(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseOutage(undefined)).toBe(false);
  });
});
