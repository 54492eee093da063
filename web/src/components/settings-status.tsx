/**
 * What a settings card says after a change: "Saving…", then the server's answer ("Saved: …") or its
 * error message, in a live region that exists before it changes, so screen readers announce it.
 */
import { type Signal, useSignal } from '@preact/signals';
import { ApiError } from '../api.js';
import { words } from '../i18n/index.js';
import { SETTINGS } from '../i18n/settings.js';

export type Status = { kind: 'busy' | 'ok' | 'error'; text: string } | null;

/** The sentence for a failure: the server's own message (already in the traveller's language), else
 * whether the device is offline. */
export function errorText(err: unknown): string {
  const t = words(SETTINGS);
  if (err instanceof ApiError) return err.message;
  return navigator.onLine ? t.somethingWrong : t.offline;
}

export interface Saver {
  status: Signal<Status>;
  busy: boolean;
  /** Runs `work`, showing "Saving…" meanwhile and `done(result)` or the error after. */
  run<T>(work: () => Promise<T>, done: (result: T) => string, busyText?: string): Promise<T | undefined>;
}

export function useSaver(): Saver {
  const status = useSignal<Status>(null);
  return {
    status,
    get busy() {
      return status.value?.kind === 'busy';
    },
    async run(work, done, busyText) {
      status.value = { kind: 'busy', text: busyText ?? words(SETTINGS).saving };
      try {
        const result = await work();
        status.value = { kind: 'ok', text: done(result) };
        return result;
      } catch (err) {
        status.value = { kind: 'error', text: errorText(err) };
        return undefined;
      }
    },
  };
}

export function StatusLine({ status, testid }: { status: Signal<Status>; testid: string }) {
  const s = status.value;
  return (
    <p
      class={`settings-status${s ? ` ${s.kind}` : ''}`}
      role="status"
      aria-live="polite"
      data-testid={testid}
      data-state={s?.kind ?? 'idle'}
    >
      {s ? s.text : null}
    </p>
  );
}
