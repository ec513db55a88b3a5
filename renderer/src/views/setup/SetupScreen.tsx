import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../bridge';
import { languages } from '../../i18n';
import { useApp } from '../../state/app-store';
import { useSetup } from '../../state/setup-store';

/**
 * Language saves go one after another: two requests in flight can reach the core in either order,
 * and the settings event of the older one would switch the screen back to the language just left.
 */
let languageSaves: Promise<unknown> = Promise.resolve();
const saveLanguage = (save: () => Promise<unknown>): void => {
  languageSaves = languageSaves.then(save).catch(() => undefined);
};
import { ConnectForm } from './ConnectForm';

/**
 * First run (and the store's data set while it has no Custobar connection): try the demo, or connect
 * to Custobar. Choosing restarts the app on that data set, so a "switching" notice shows meanwhile.
 */
export function SetupScreen() {
  const { t, i18n } = useTranslation();
  const { switching, error, choose } = useSetup();
  const pin = useApp((s) => s.pin);
  const [step, setStep] = useState<'choose' | 'connect'>('choose');
  const [returned, setReturned] = useState(false);

  if (switching) {
    return (
      <section className="card setup-switching" role="status" data-testid="setup-switching">
        <p>{t(`setup.switching.${switching}`)}</p>
      </section>
    );
  }
  if (step === 'connect') {
    return (
      <ConnectForm
        onBack={() => {
          setStep('choose');
          setReturned(true);
        }}
      />
    );
  }
  return (
    <section className="stack setup" aria-labelledby="setup-title" data-testid="setup-screen">
      <h2 id="setup-title">{t('setup.title')}</h2>
      <p className="muted">{t('setup.intro')}</p>
      {/* The manager reads the rest in their own language; it is saved when the settings allow it
          (no PIN yet, or unlocked), else it holds for this screen. */}
      <div className="row">
        <label htmlFor="setup-language" className="small">
          {t('settings.language')}
        </label>
        <select
          id="setup-language"
          className="setup-language"
          value={i18n.language}
          onChange={(e) => {
            const language = e.target.value as keyof typeof languages;
            void i18n.changeLanguage(language);
            saveLanguage(() => call('settings.update', { patch: { general: { language } }, pin: pin() }));
          }}
        >
          {Object.entries(languages).map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
      {/* Back from the form, the focus returns to the choice that led there. Each choice's name is all
          its visible text, title and hint (axe: label-content-name-mismatch). */}
      <button type="button" className="choice" autoFocus={!returned} onClick={() => void choose('demo')}>
        <span id="setup-demo-title" className="choice-title">{t('setup.demo')}</span>
        <span id="setup-demo-hint" className="small muted">
          {t('setup.demoHint')}
        </span>
      </button>
      <button type="button" className="choice primary-choice" autoFocus={returned} onClick={() => setStep('connect')}>
        <span id="setup-connect-title" className="choice-title">{t('setup.connect')}</span>
        <span id="setup-connect-hint" className="small">
          {t('setup.connectHint')}
        </span>
      </button>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  );
}
