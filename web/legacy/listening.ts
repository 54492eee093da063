/**
 * The "How you listen" card: the player's crossfade (the fit overlaps songs by it, so the mixtape
 * still ends as the train arrives) and music on the platform before departure. Both are settings of
 * the account, saved at once; the next fitted playlist uses them.
 */
import { ApiError, api } from '../src/api.js';
import type { Strings } from '../src/i18n/strings.js';

const CROSSFADE_SECONDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const LEAD_IN_MINUTES = [0, 2, 5, 10, 15, 20, 30];

export async function listeningCard(t: Strings): Promise<HTMLElement | null> {
  const preferences = await api.preferences().catch(() => null);
  if (!preferences) return null;
  const card = document.createElement('section');
  card.className = 'card listening';
  card.dataset.testid = 'listening';
  const heading = document.createElement('h2');
  heading.textContent = t.listeningHeading;
  const status = document.createElement('p');
  status.className = 'status';
  status.setAttribute('role', 'status');
  status.dataset.testid = 'listening-status';

  const setting = (
    id: string,
    label: string,
    values: readonly number[],
    current: number,
    name: (value: number) => string,
    save: (value: number) => Promise<string>,
  ) => {
    const select = document.createElement('select');
    select.id = id;
    select.dataset.testid = id;
    const all = values.includes(current) ? values : [...values, current].sort((a, b) => a - b);
    for (const value of all) {
      const option = document.createElement('option');
      option.value = String(value);
      option.textContent = name(value);
      option.selected = value === current;
      select.append(option);
    }
    select.addEventListener('change', async () => {
      status.textContent = '';
      try {
        status.textContent = await save(Number(select.value));
      } catch (err) {
        status.textContent =
          err instanceof ApiError ? err.message : navigator.onLine ? t.somethingWrong : t.offline;
      }
    });
    const labelEl = document.createElement('label');
    labelEl.htmlFor = id;
    labelEl.textContent = label;
    const row = document.createElement('div');
    row.className = 'lead-row';
    row.append(labelEl, select);
    return row;
  };

  const crossfadeHelp = document.createElement('p');
  crossfadeHelp.className = 'hint';
  crossfadeHelp.textContent = t.crossfadeHelp;
  card.append(
    heading,
    setting(
      'crossfade',
      t.crossfadeLabel,
      CROSSFADE_SECONDS,
      preferences.crossfadeSeconds,
      t.crossfadeOption,
      async (s) => t.crossfadeSaved((await api.updatePreferences({ crossfadeSeconds: s })).crossfadeSeconds),
    ),
    crossfadeHelp,
    setting('lead-in', t.leadInLabel, LEAD_IN_MINUTES, preferences.leadInMinutes, t.leadInOption, async (m) =>
      t.leadInSaved((await api.updatePreferences({ leadInMinutes: m })).leadInMinutes),
    ),
    status,
  );
  return card;
}
