import { describe, expect, it } from 'vitest';
import { applicationServerKey } from './push.js';

describe('applicationServerKey', () => {
  it('decodes a base64url VAPID key, padded or not, to its bytes', () => {
    const bytes = Uint8Array.from({ length: 65 }, (_, i) => (i * 37 + 250) % 256);
    const unpadded = Buffer.from(bytes).toString('base64url');
    expect(unpadded).toMatch(/[-_]/);
    expect([...applicationServerKey(unpadded)]).toEqual([...bytes]);
    expect([
      ...applicationServerKey(`${unpadded}===`.slice(0, unpadded.length + ((4 - (unpadded.length % 4)) % 4))),
    ]).toEqual([...bytes]);
  });
});
