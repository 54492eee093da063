/**
 * Settings → Reminders & notifications: what Railtape sends and when, turning Web Push on and off
 * for this device (with every state legacy reminders had: on, off, blocked, unsupported, needs the
 * Home Screen on iOS, server without push), how long before departure the reminder comes (an account
 * setting), and a test notification to every device of the account.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiError, api, type Preferences } from '../api.js';
import { words } from '../i18n/index.js';
import { type PushState, SETTINGS } from '../i18n/settings.js';
import { LEAD_MINUTES, pushState, turnPushOff, turnPushOn } from '../push.js';
import { optionsWith } from './music-choices.js';
import { StatusLine, useSaver } from './settings-status.js';

export function NotificationsCard(props: {
  /** The server's VAPID key; null: this server sends no notifications. */
  publicKey: string | null;
  preferences: Preferences;
  onSaved: (saved: Preferences) => void;
}) {
  const t = words(SETTINGS);
  const { publicKey } = props;
  const state = useSignal<PushState | null>(null);
  /** A sentence instead of the state's own ("not allowed", "could not turn on"). */
  const note = useSignal<string | null>(null);
  const working = useSignal(false);
  const lead = useSaver();
  const test = useSaver();

  useEffect(() => {
    let live = true;
    void pushState(publicKey).then((s) => {
      if (live) state.value = s;
    });
    return () => {
      live = false;
    };
  }, [publicKey]);

  const toggle = async () => {
    const wasOn = state.value === 'on';
    working.value = true;
    note.value = null;
    try {
      if (wasOn) state.value = await turnPushOff();
      else if (publicKey) {
        const next = await turnPushOn(publicKey);
        if (next === 'dismissed') {
          state.value = 'off';
          note.value = t.remindersDismissed;
        } else state.value = next;
      }
    } catch (err) {
      // Not the server: the browser's push service (offline, say, or no push in a private window).
      note.value = err instanceof ApiError ? err.message : wasOn ? t.somethingWrong : t.remindersFailed;
    } finally {
      working.value = false;
    }
  };

  const s = state.value;
  const minutes = props.preferences.reminderMinutesBefore;
  return (
    <section
      class="card settings-card"
      aria-labelledby="settings-reminders"
      data-testid="reminders"
      data-state={s ?? 'loading'}
    >
      <h2 id="settings-reminders">{t.remindersHeading}</h2>
      <p>{t.remindersWhat}</p>
      <ul class="settings-bullets">
        {t.remindersWhatItems.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <p class="settings-status" role="status" aria-live="polite" data-testid="reminders-status">
        {working.value ? t.remindersWorking : (note.value ?? (s ? t.pushState[s] : null))}
      </p>
      {(s === 'on' || s === 'off') && (
        <button
          type="button"
          class={s === 'on' ? 'button secondary settings-toggle' : 'button settings-toggle'}
          data-testid="reminders-toggle"
          aria-pressed={s === 'on'}
          disabled={working.value}
          onClick={() => void toggle()}
        >
          {s === 'on' ? t.remindersTurnOff : t.remindersTurnOn}
        </button>
      )}
      {publicKey && (
        <>
          <div class="field settings-lead">
            <label for="reminder-lead">{t.leadLabel}</label>
            <select
              id="reminder-lead"
              data-testid="reminder-lead"
              value={String(minutes)}
              onChange={(e) => {
                const reminderMinutesBefore = Number(e.currentTarget.value);
                void lead.run(
                  () =>
                    api.updatePreferences({ reminderMinutesBefore }).then((saved) => {
                      props.onSaved(saved);
                      return saved;
                    }),
                  (saved) => t.leadSaved(saved.reminderMinutesBefore),
                );
              }}
            >
              {optionsWith(LEAD_MINUTES, minutes).map((m) => (
                <option key={m} value={String(m)}>
                  {t.leadOption(m)}
                </option>
              ))}
            </select>
          </div>
          <StatusLine status={lead.status} testid="reminder-lead-status" />
          <button
            type="button"
            class="button secondary"
            data-testid="push-test"
            disabled={test.busy}
            onClick={() =>
              void test.run(
                () => api.testPush(),
                (r) => t.testResult(r.sent, r.failed),
                t.testSending,
              )
            }
          >
            {t.testButton}
          </button>
          <StatusLine status={test.status} testid="push-test-status" />
        </>
      )}
    </section>
  );
}
