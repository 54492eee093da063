import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Music-service tokens at rest: AES-256-GCM, one random 96-bit IV per value, the key's id stored with
 * every value (`v1.<key id>.<iv>.<ciphertext>.<tag>`, base64url), so a new key can be introduced while
 * values sealed under the old one still open (rotation: the new key first, the old ones after it).
 */
export interface TokenCipher {
  /** The id of the key new values are sealed with. */
  keyId: string;
  seal(plain: string): string;
  /** Throws when the value was sealed with an unknown key or was tampered with. */
  open(sealed: string): string;
}

export class TokenCipherError extends Error {
  override readonly name = 'TokenCipherError';
}

/**
 * 32 bytes as base64 or base64url (43–44 characters; Render's `generateValue` makes base64) or hex
 * (64 characters), as `.env.example` says. Node's base64 decoder reads both alphabets.
 */
export function decodeKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new TokenCipherError('a token encryption key must be 32 bytes');
  return key;
}

/** A short public fingerprint of a key: enough to pick the key, useless to recover it. */
export const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

export function createTokenCipher(keys: readonly string[]): TokenCipher {
  if (keys.length === 0) throw new TokenCipherError('no token encryption key');
  const decoded = keys.map(decodeKey);
  const byId = new Map(decoded.map((key) => [keyIdOf(key), key]));
  const current = decoded[0]!;
  const keyId = keyIdOf(current);
  return {
    keyId,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      // The key id is bound as associated data: a value cannot be relabelled to another key.
      cipher.setAAD(Buffer.from(keyId));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        keyId,
        iv.toString('base64url'),
        body.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },
    open(sealed) {
      const [version, id, iv, body, tag] = sealed.split('.');
      if (version !== 'v1' || !id || iv === undefined || body === undefined || tag === undefined) {
        throw new TokenCipherError('not a sealed token');
      }
      const key = byId.get(id);
      if (!key) throw new TokenCipherError(`sealed with an unknown key (${id})`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(id));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new TokenCipherError('the sealed token does not open (tampered, or the wrong key)');
      }
    },
  };
}
