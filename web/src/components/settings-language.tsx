/**
 * Settings → Language: Deutsch, Français, Italiano, English. A switch repaints the whole app at once
 * (every screen reads its words through `words()`) and is remembered on this device (`setLang`).
 */
import { useSignal } from '@preact/signals';
import { LANG_NAMES, LANGS, lang, setLang, words } from '../i18n/index.js';
import { SETTINGS } from '../i18n/settings.js';

export function LanguageCard() {
  const t = words(SETTINGS);
  const switched = useSignal(false);
  return (
    <section class="card settings-card" aria-labelledby="settings-language" data-testid="language">
      <h2 id="settings-language">{t.languageHeading}</h2>
      <fieldset class="settings-group settings-languages">
        <legend class="visually-hidden">{t.languageHeading}</legend>
        {LANGS.map((code) => (
          <label class="settings-choice" key={code} lang={code}>
            <input
              type="radio"
              name="language"
              value={code}
              checked={lang.value === code}
              onChange={() => {
                setLang(code);
                // Screen readers and the browser's own text (hyphenation, spell check) follow the page's lang.
                document.documentElement.lang = code;
                switched.value = true;
              }}
            />
            <span>{LANG_NAMES[code]}</span>
          </label>
        ))}
      </fieldset>
      <p class="settings-status ok" role="status" aria-live="polite" data-testid="language-status">
        {switched.value ? t.languageSaved : null}
      </p>
    </section>
  );
}
