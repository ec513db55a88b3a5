import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en';
import fi from './fi';
import sv from './sv';

export const languages = { en: 'English', fi: 'Suomi', sv: 'Svenska' } as const;

/** Locale for dates and times: English in a Nordic shop reads day/month, 24 h (en-GB), not US style. */
export const dateLocale = (language: string): string => (language === 'en' ? 'en-GB' : language === 'sv' ? 'sv-FI' : language);

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: en },
    fi: { translation: fi },
    sv: { translation: sv },
  },
  lng: 'en',
  fallbackLng: 'en',
  // React escapes output itself; double escaping would show &amp; to cashiers.
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
