/**
 * The traveller's language: from the browser the first time, then what they chose in Settings
 * (remembered on this device). Every screen keeps its own words in a table per language
 * (`web/src/i18n/<area>.ts`) and reads it through `words(table)`, so a switch repaints everything.
 * Server messages (share errors, playlist notes) arrive already translated: `api.ts` sends the
 * chosen language as Accept-Language.
 */
import { computed, signal } from '@preact/signals';

export type Lang = 'en' | 'de' | 'fr' | 'it';
export const LANGS: readonly Lang[] = ['de', 'fr', 'it', 'en'];

/** Each language's name in itself, for the language picker. */
export const LANG_NAMES: Record<Lang, string> = {
  de: 'Deutsch',
  fr: 'Français',
  it: 'Italiano',
  en: 'English',
};

/** Formatting locales: Swiss conventions for de/fr/it, British (24-hour, day first) for English. */
export const LOCALES: Record<Lang, string> = { en: 'en-GB', de: 'de-CH', fr: 'fr-CH', it: 'it-CH' };

const STORAGE_KEY = 'railtape.lang';

/** The first of the traveller's languages we speak (`['fr-CH', 'en']` → `fr`), else English. */
function pickLang(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const lang = tag.split('-')[0]?.toLowerCase() ?? '';
    if ((LANGS as readonly string[]).includes(lang)) return lang as Lang;
  }
  return 'en';
}

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && (LANGS as readonly string[]).includes(saved)) return saved as Lang;
  } catch {
    // Storage can be off (private mode, blocked cookies): the browser's languages still apply.
  }
  return pickLang(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

export const lang = signal<Lang>(initialLang());
export const locale = computed(() => LOCALES[lang.value]);

/** Switches the language for this device and remembers it. */
export function setLang(next: Lang): void {
  lang.value = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {}
}

/** This screen's words in the current language; read inside a component, it repaints on a switch. */
export function words<T>(table: Record<Lang, T>): T {
  return table[lang.value];
}
