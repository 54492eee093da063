import { describe, expect, it } from 'vitest';
import { postgresConnection } from './client.js';

const files: Record<string, string> = {
  '/etc/secrets/aiven-ca.pem': 'AIVEN-CA',
  '/etc/secrets/client.crt': 'CLIENT-CERT',
  '/etc/secrets/client.key': 'CLIENT-KEY',
};
const readFile = (path: string) => {
  const content = files[path];
  if (content === undefined) throw new Error(`ENOENT: ${path}`);
  return content;
};
const connect = (url: string) => postgresConnection(url, readFile);

describe('postgresConnection: DATABASE_URL TLS parameters read as libpq reads them', () => {
  it('leaves a URL without TLS parameters to pg, unchanged', () => {
    const url = 'postgres://railtape:pw@dpg-abc-a:5432/railtape';
    expect(connect(url)).toEqual({ connectionString: url, ssl: undefined });
  });

  it('sslmode=disable: plain TCP, even if pg would default otherwise', () => {
    expect(connect('postgres://u@h/db?sslmode=disable')).toEqual({
      connectionString: 'postgres://u@h/db',
      ssl: false,
    });
  });

  it('sslmode=require without a CA: encrypted, the certificate not checked (not pg 8’s verify-full)', () => {
    const { connectionString, ssl } = connect(
      'postgres://postgres.ref:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?sslmode=require',
    );
    expect(connectionString).toBe(
      'postgres://postgres.ref:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres',
    );
    expect(ssl).toEqual({ rejectUnauthorized: false });
  });

  it('sslmode=verify-full with sslrootcert: the chain against that CA and the host name', () => {
    const { connectionString, ssl } = connect(
      'postgres://avnadmin:pw@pg-railtape.aivencloud.com:12345/defaultdb?sslmode=verify-full&sslrootcert=/etc/secrets/aiven-ca.pem',
    );
    expect(connectionString).toBe('postgres://avnadmin:pw@pg-railtape.aivencloud.com:12345/defaultdb');
    expect(ssl).toEqual({ ca: 'AIVEN-CA', rejectUnauthorized: true });
  });

  it('sslmode=verify-full without a CA file, or with sslrootcert=system: the system roots', () => {
    expect(connect('postgres://u@h/db?sslmode=verify-full').ssl).toEqual({ rejectUnauthorized: true });
    expect(connect('postgres://u@h/db?sslmode=verify-full&sslrootcert=system').ssl).toEqual({
      rejectUnauthorized: true,
    });
  });

  it('verify-ca, and require with a CA file: the chain is checked, the host name is not', () => {
    for (const mode of ['verify-ca', 'require']) {
      const { ssl } = connect(
        `postgres://u@10.0.0.5/db?sslmode=${mode}&sslrootcert=/etc/secrets/aiven-ca.pem`,
      );
      expect(ssl).toMatchObject({ ca: 'AIVEN-CA', rejectUnauthorized: true });
      const check = (ssl as { checkServerIdentity?: () => unknown }).checkServerIdentity;
      expect(check?.()).toBeUndefined();
    }
  });

  it('a client certificate and key are read from their files; other parameters stay in the URL', () => {
    const { connectionString, ssl } = connect(
      'postgres://u@h/db?application_name=railtape&sslmode=verify-full&sslcert=/etc/secrets/client.crt&sslkey=/etc/secrets/client.key',
    );
    expect(connectionString).toBe('postgres://u@h/db?application_name=railtape');
    expect(ssl).toEqual({ cert: 'CLIENT-CERT', key: 'CLIENT-KEY', rejectUnauthorized: true });
  });

  it('refuses what libpq would not take, or what would quietly weaken verification', () => {
    expect(() => connect('postgres://u@h/db?sslmode=no-verify')).toThrow(/sslmode=no-verify is not one of/);
    expect(() => connect('postgres://u@h/db?sslmode=verify-ca')).toThrow(/needs sslrootcert/);
    expect(() => connect('postgres://u@h/db?sslmode=require&sslrootcert=/missing.pem')).toThrow(/ENOENT/);
  });

  it('never puts the password into an error', () => {
    let message = '';
    try {
      connect('postgres://u:PASSWORD@h/db?sslmode=bogus');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/sslmode=bogus/);
    expect(message).not.toContain('PASSWORD');
  });
});
