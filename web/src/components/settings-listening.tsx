/**
 * Settings → How you listen: the player's crossfade (the fit overlaps songs by it, so the mixtape
 * still ends as the train arrives) and music on the platform before departure. Account settings,
 * saved at once; the next fitted playlist uses them.
 */
import { api, type Preferences } from '../api.js';
import { words } from '../i18n/index.js';
import { SETTINGS } from '../i18n/settings.js';
import { optionsWith } from './music-choices.js';
import { StatusLine, useSaver } from './settings-status.js';

const CROSSFADE_SECONDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const LEAD_IN_MINUTES = [0, 2, 5, 10, 15, 20, 30];

export function ListeningCard(props: { preferences: Preferences; onSaved: (saved: Preferences) => void }) {
  const t = words(SETTINGS);
  const saver = useSaver();
  const p = props.preferences;
  const save = (changes: Parameters<typeof api.updatePreferences>[0], done: (saved: Preferences) => string) =>
    void saver.run(
      () =>
        api.updatePreferences(changes).then((saved) => {
          props.onSaved(saved);
          return saved;
        }),
      done,
    );
  return (
    <section class="card settings-card" aria-labelledby="settings-listening" data-testid="listening">
      <h2 id="settings-listening">{t.listeningHeading}</h2>
      <div class="field">
        <label for="crossfade">{t.crossfadeLabel}</label>
        <select
          id="crossfade"
          data-testid="crossfade"
          aria-describedby="crossfade-help"
          value={String(p.crossfadeSeconds)}
          onChange={(e) => {
            const crossfadeSeconds = Number(e.currentTarget.value);
            save({ crossfadeSeconds }, (saved) => t.crossfadeSaved(saved.crossfadeSeconds));
          }}
        >
          {optionsWith(CROSSFADE_SECONDS, p.crossfadeSeconds).map((s) => (
            <option key={s} value={String(s)}>
              {t.crossfadeOption(s)}
            </option>
          ))}
        </select>
        <span id="crossfade-help" class="muted settings-hint">
          {t.crossfadeHelp}
        </span>
      </div>
      <div class="field">
        <label for="lead-in">{t.leadInLabel}</label>
        <select
          id="lead-in"
          data-testid="lead-in"
          value={String(p.leadInMinutes)}
          onChange={(e) => {
            const leadInMinutes = Number(e.currentTarget.value);
            save({ leadInMinutes }, (saved) => t.leadInSaved(saved.leadInMinutes));
          }}
        >
          {optionsWith(LEAD_IN_MINUTES, p.leadInMinutes).map((m) => (
            <option key={m} value={String(m)}>
              {t.leadInOption(m)}
            </option>
          ))}
        </select>
      </div>
      <StatusLine status={saver.status} testid="listening-status" />
    </section>
  );
}
