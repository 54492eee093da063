import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';

/**
 * The TLS options `postgresConnection` derives really reach pg's handshake: a server that answers pg's
 * SSLRequest with 'S' and then speaks TLS with a self-signed certificate for `localhost` (what a
 * provider's private CA looks like to a client), and records each completed handshake. It closes the
 * connection right after, so a connection that got through TLS fails later, for another reason.
 * The shared Postgres server is not restarted with a certificate: the other tests use it.
 */

function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const opensslHere = haveOpenssl();
const title = opensslHere
  ? 'DATABASE_URL TLS modes against a TLS server'
  : 'DATABASE_URL TLS modes against a TLS server (skipped: no openssl to make a certificate)';

describe.skipIf(!opensslHere)(title, () => {
  let dir: string;
  let server: Server;
  let port: number;
  let handshakes = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'railtape-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'ca.pem'),
      ],
      { stdio: 'ignore' },
    );
    const key = readFileSync(join(dir, 'key.pem'));
    const cert = readFileSync(join(dir, 'ca.pem'));
    server = createServer((socket: Socket) => {
      socket.on('error', () => {});
      // pg's SSLRequest: 8 bytes; 'S' says TLS follows.
      socket.once('data', () => {
        socket.write('S');
        const tls = new TLSSocket(socket, { isServer: true, key, cert });
        tls.on('error', () => {});
        tls.on('secure', () => {
          handshakes++;
          tls.destroy();
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Connects once; the error pg gives, and whether the TLS handshake completed. */
  async function attempt(host: string, query: string): Promise<{ handshake: boolean; error: string }> {
    const before = handshakes;
    const handle = await openDatabase({
      kind: 'postgres',
      url: `postgres://railtape:secret@${host}:${port}/railtape?${query.replaceAll('CA', join(dir, 'ca.pem'))}`,
      maxConnections: 1,
    });
    let error = '';
    try {
      await handle.ping();
    } catch (err) {
      error = String((err as Error & { cause?: Error }).cause?.message ?? (err as Error).message);
    } finally {
      await handle.close();
    }
    // The server closes only once its side of the handshake is complete, so by the time pg reports the
    // closed connection the handshake has been counted.
    return { handshake: handshakes > before, error };
  }

  it('verify-full with the CA file and the certificate’s host name gets through TLS', async () => {
    const result = await attempt('localhost', 'sslmode=verify-full&sslrootcert=CA');
    expect(result.handshake).toBe(true);
    expect(result.error).not.toMatch(/certificate|altnames/i);
  });

  it('verify-full refuses a host name the certificate does not name', async () => {
    const result = await attempt('127.0.0.1', 'sslmode=verify-full&sslrootcert=CA');
    expect(result.handshake).toBe(false);
    expect(result.error).toMatch(/altnames|does not match/i);
  });

  it('verify-ca accepts that host name: the chain is checked, the name is not', async () => {
    const result = await attempt('127.0.0.1', 'sslmode=verify-ca&sslrootcert=CA');
    expect(result.handshake).toBe(true);
  });

  it('verify-full without the provider’s CA refuses the private certificate', async () => {
    const result = await attempt('localhost', 'sslmode=verify-full');
    expect(result.handshake).toBe(false);
    expect(result.error).toMatch(/self[- ]signed/i);
  });

  it('require without a CA encrypts and does not check (libpq’s meaning; pg 8 alone would refuse)', async () => {
    const result = await attempt('localhost', 'sslmode=require');
    expect(result.handshake).toBe(true);
    expect(result.error).not.toMatch(/certificate/i);
  });
});
