import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, ContractError } from '../../bridge';
import { useApp } from '../../state/app-store';
import { useSetup } from '../../state/setup-store';
import { SetupField } from './SetupField';
import { TestResults } from './TestResults';
import { errorsFromContract, initialDraft, noErrors, testPassed, toConnectInput, toTestInput, validateDraft, type ConnectDraft, type DraftField, type FormErrors, type TestResult } from './connect-form';

/**
 * "Connect to Custobar": the addresses and tokens, the customer source, the shop and till ids and the
 * manager PIN. Enter saves (after a passing test), Esc goes back. Nothing is saved until the core has
 * checked every field, so a refused save leaves the till as it was.
 */
export function ConnectForm({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const view = useApp((s) => s.settings);
  const connect = useSetup((s) => s.connect);
  const [draft, setDraft] = useState<ConnectDraft>(() => initialDraft(view));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [tested, setTested] = useState<{ for: string; result: TestResult } | null>(null);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [failedTest, setFailedTest] = useState(false);
  const known = { pinSet: view?.pinSet ?? false, custobarTokenStored: view?.secrets.custobarToken ?? false, benefitsTokenStored: view?.secrets.benefitsToken ?? false };

  const firstError = Object.keys(errors.fields)[0] as DraftField | undefined;
  useEffect(() => {
    // Straight to the first field at fault, so the keyboard user need not hunt for it.
    if (firstError) document.getElementById(`setup-${firstError}`)?.focus();
  }, [errors, firstError]);

  const edit = (field: DraftField) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    setDraft({ ...draft, [field]: e.target.value });
    setFailedTest(false);
    if (errors.fields[field]) {
      const fields = { ...errors.fields, [field]: undefined };
      // The "check the marked fields" line goes with the last marked field.
      setErrors({ fields, form: Object.values(fields).some(Boolean) ? errors.form : null });
    }
  };

  const runTest = async (): Promise<TestResult | null> => {
    const input = toTestInput(draft);
    setBusy('test');
    try {
      const result = await call('setup.testConnection', input);
      setTested({ for: JSON.stringify(input), result });
      return result;
    } catch (error) {
      setErrors({ fields: {}, form: { text: (error as Error).message } });
      return null;
    } finally {
      setBusy(null);
    }
  };

  const save = async (anyway: boolean): Promise<void> => {
    const checked = validateDraft(draft, known);
    setErrors(checked);
    if (checked.form) return;
    // Save only what was seen to work, unless the manager chose to save anyway (e.g. no network yet).
    const current = tested?.for === JSON.stringify(toTestInput(draft)) ? tested.result : null;
    const result = anyway ? current : (current ?? (await runTest()));
    if (!anyway && (!result || !testPassed(result))) {
      setFailedTest(result !== null);
      return;
    }
    setBusy('save');
    try {
      await connect(toConnectInput(draft));
    } catch (error) {
      setErrors(error instanceof ContractError ? errorsFromContract(error) : { fields: {}, form: { text: (error as Error).message } });
      setBusy(null);
    }
  };

  const field = (name: DraftField) => ({ value: draft[name], onChange: edit(name) });
  const err = (name: DraftField) => errors.fields[name];
  return (
    <form
      className="stack setup-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && busy === null) {
          e.preventDefault();
          onBack();
        }
      }}
    >
      <h2>{t('setup.connect')}</h2>
      <fieldset className="card">
        <legend>{t('setup.custobar')}</legend>
        <SetupField id="setup-custobarUrl" label={t('setup.custobarUrl')} hint={t('setup.custobarUrlHint')} error={err('custobarUrl')}>
          <input type="url" autoFocus autoComplete="off" spellCheck={false} placeholder="https://" {...field('custobarUrl')} />
        </SetupField>
        <SetupField id="setup-authScheme" label={t('setup.authScheme')} error={err('authScheme')}>
          <select {...field('authScheme')}>
            <option value="Token">Token</option>
            <option value="Bearer">Bearer</option>
          </select>
        </SetupField>
        <SetupField id="setup-custobarToken" label={t('setup.token')} hint={known.custobarTokenStored ? t('setup.tokenKept') : undefined} error={err('custobarToken')}>
          <input type="password" autoComplete="off" {...field('custobarToken')} />
        </SetupField>
      </fieldset>
      <fieldset className="card">
        <legend>{t('setup.benefits')}</legend>
        <p className="small muted">{t('setup.benefitsHint')}</p>
        <SetupField id="setup-benefitsUrl" label={t('setup.benefitsUrl')} error={err('benefitsUrl')}>
          <input type="url" autoComplete="off" spellCheck={false} placeholder="https://" {...field('benefitsUrl')} />
        </SetupField>
        <SetupField id="setup-benefitsToken" label={t('setup.benefitsToken')} hint={known.benefitsTokenStored ? t('setup.tokenKept') : undefined} error={err('benefitsToken')}>
          <input type="password" autoComplete="off" {...field('benefitsToken')} />
        </SetupField>
      </fieldset>
      <fieldset className="card">
        <legend>{t('setup.customers')}</legend>
        <SetupField id="setup-source" label={t('setup.source')} hint={draft.source === 'solteq' ? t('setup.solteqLater') : undefined} error={err('source')}>
          <select {...field('source')}>
            <option value="custobar">Custobar</option>
            <option value="solteq">Solteq Commerce Cloud</option>
            <option value="cache">{t('settings.cacheOnly')}</option>
          </select>
        </SetupField>
      </fieldset>
      <fieldset className="card">
        <legend>{t('setup.till')}</legend>
        <SetupField id="setup-shopId" label={t('setup.shopId')} error={err('shopId')}>
          <input autoComplete="off" {...field('shopId')} />
        </SetupField>
        <SetupField id="setup-tillId" label={t('setup.tillId')} hint={t('setup.tillIdHint')} error={err('tillId')}>
          <input autoComplete="off" {...field('tillId')} />
        </SetupField>
      </fieldset>
      <fieldset className="card">
        <legend>{t('setup.pinTitle')}</legend>
        {!known.pinSet && <p className="small muted">{t('setup.pinHint')}</p>}
        <SetupField id="setup-pin" label={known.pinSet ? t('setup.pinExisting') : t('setup.pin')} error={err('pin')}>
          <input type="password" inputMode="numeric" autoComplete={known.pinSet ? 'off' : 'new-password'} maxLength={8} {...field('pin')} />
        </SetupField>
        {!known.pinSet && (
          <SetupField id="setup-pinAgain" label={t('setup.pinAgain')} error={err('pinAgain')}>
            <input type="password" inputMode="numeric" autoComplete="new-password" maxLength={8} {...field('pinAgain')} />
          </SetupField>
        )}
      </fieldset>
      <div aria-live="polite" className="stack">
        {tested && <TestResults result={tested.result} />}
        {failedTest && <p className="banner banner-warn">{t('setup.testFailed')}</p>}
        {errors.form && (
          <p role="alert" className="error-text" data-testid="setup-form-error">
            {'key' in errors.form ? t(errors.form.key) : errors.form.text}
          </p>
        )}
      </div>
      <div className="row setup-actions">
        <button type="button" disabled={busy !== null} onClick={() => void runTest()}>
          {busy === 'test' ? t('setup.testing') : t('setup.test')}
        </button>
        <button type="submit" className="primary" disabled={busy !== null}>
          {t('setup.save')}
        </button>
        {failedTest && (
          <button type="button" disabled={busy !== null} onClick={() => void save(true)}>
            {t('setup.saveAnyway')}
          </button>
        )}
        <button type="button" disabled={busy !== null} onClick={onBack}>
          {t('setup.back')} <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  );
}
