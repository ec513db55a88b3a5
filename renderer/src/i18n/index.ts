import i18n, { type BackendModule, type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en';

export const languages = { en: 'English', fi: 'Suomi', sv: 'Svenska' } as const;

/** Locale for dates and times: English in a Nordic shop reads day/month, 24 h (en-GB), not US style. */
export const dateLocale = (language: string): string => (language === 'en' ? 'en-GB' : language === 'sv' ? 'sv-FI' : language);

/**
 * English is bundled (the first paint and every fallback need it); Finnish and Swedish are chunks of
 * their own, loaded when chosen. i18next loads them before it switches: `changeLanguage('fi')` keeps
 * the current words until fi's chunk is in, then switches and emits `languageChanged`, so no English
 * flashes in between. To use a language without switching to it (tests): `i18n.loadLanguages`.
 */
const loaders: Record<string, () => Promise<{ default: ResourceKey }>> = {
  fi: () => import('./fi'),
  sv: () => import('./sv'),
};

const lazyLanguages: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language, _namespace, callback) {
    const load = loaders[language];
    // A language without words of its own (en is bundled; any other code falls back to English).
    if (!load) return callback(null, {});
    load().then(
      (module) => callback(null, module.default),
      (error: Error) => callback(error, false),
    );
  },
};

void i18n
  .use(lazyLanguages)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en } },
    // The bundled English is used as is; only the other languages come from the backend above.
    partialBundledLanguages: true,
    lng: 'en',
    fallbackLng: 'en',
    // React escapes output itself; double escaping would show &amp; to cashiers.
    interpolation: { escapeValue: false },
    returnNull: false,
  });

export default i18n;
