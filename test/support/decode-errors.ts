import { ShareDecodeError } from '../../src/links/hki.js';

/** The code a decoder fails with, null when it succeeds; anything but a ShareDecodeError is named so. */
export function decodeErrorCode(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (err) {
    return err instanceof ShareDecodeError ? err.code : `not a ShareDecodeError: ${String(err)}`;
  }
}
