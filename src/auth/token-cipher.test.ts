import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenCipher, decodeKey, keyIdOf, TokenCipherError } from './token-cipher.js';

const keyA = randomBytes(32).toString('base64url');
const keyB = randomBytes(32).toString('hex');

describe('token cipher', () => {
  it('seals with a fresh IV every time and opens what it sealed', () => {
    const cipher = createTokenCipher([keyA]);
    const one = cipher.seal('refresh-token-1');
    const two = cipher.seal('refresh-token-1');
    expect(one).not.toBe(two);
    expect(one).not.toContain('refresh-token-1');
    expect(cipher.open(one)).toBe('refresh-token-1');
    expect(one.split('.')[1]).toBe(keyIdOf(decodeKey(keyA)));
  });

  it('opens values of the previous key after a rotation, and seals with the new one', () => {
    const before = createTokenCipher([keyA]).seal('old');
    const rotated = createTokenCipher([keyB, keyA]);
    expect(rotated.open(before)).toBe('old');
    expect(rotated.seal('new').split('.')[1]).toBe(rotated.keyId);
    expect(() => createTokenCipher([keyB]).open(before)).toThrow(TokenCipherError);
  });

  it('refuses tampered values and relabelled key ids', () => {
    const cipher = createTokenCipher([keyA, keyB]);
    const sealed = cipher.seal('secret');
    const parts = sealed.split('.');
    const flipped = [...parts];
    flipped[3] = Buffer.from(
      Buffer.from(parts[3]!, 'base64url').map((b, i) => (i === 0 ? b ^ 1 : b)),
    ).toString('base64url');
    expect(() => cipher.open(flipped.join('.'))).toThrow(TokenCipherError);
    const relabelled = [...parts];
    relabelled[1] = keyIdOf(decodeKey(keyB));
    expect(() => cipher.open(relabelled.join('.'))).toThrow(TokenCipherError);
    expect(() => cipher.open('plain')).toThrow(TokenCipherError);
  });

  it('accepts 32-byte keys only', () => {
    expect(() => decodeKey('abc')).toThrow(TokenCipherError);
    expect(decodeKey('0'.repeat(64))).toHaveLength(32);
  });
});
