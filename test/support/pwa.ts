import { inject } from 'vitest';
import './pwa-build.js';

/** In a test: the folder of the PWA global setup built. */
export function builtPwa(): string {
  const root = inject('pwaRoot');
  if (!root) throw new Error('the PWA was not built: global setup builds it when Chromium is installed');
  return root;
}
