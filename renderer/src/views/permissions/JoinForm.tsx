import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, ContractError } from '../../bridge';
import { errorText } from '../../components/errors';
import { countryName } from '../../components/format';
import { useApp } from '../../state/app-store';
import { useJoin } from '../../state/join-store';
import { consentText, emptyJoin, joinErrorsFromContract, textVersion, toJoinInput, validateJoin, withoutBurst, type JoinDraft, type JoinErrors, type JoinField } from './join-form';
import { useBurstCleanup } from './useBurstCleanup';

const ID: Record<JoinField, string> = {
  phone: 'join-phone',
  email: 'join-email',
  firstName: 'join-first-name',
  lastName: 'join-last-name',
  sms: 'join-sms',
  emailConsent: 'join-email-consent',
};
const ORDER: JoinField[] = ['phone', 'email', 'firstName', 'lastName', 'sms', 'emailConsent'];

/**
 * Joining the loyalty programme at the till: the number as the customer says it (the core turns it
 * into +358…), optional e-mail and name, and the permissions the customer gives after hearing the
 * text shown. Enter submits from any field, Esc cancels.
 */
export function JoinForm() {
  const { t, i18n } = useTranslation();
  const settings = useApp((s) => s.settings);
  const country = countryName(settings?.settings.general.defaultCountry ?? 'FI', i18n.language);
  const close = useJoin((s) => s.close);
  const [draft, setDraft] = useState<JoinDraft>(emptyJoin);
  const [errors, setErrors] = useState<JoinErrors>({ fields: {} });
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useBurstCleanup((burst, prefix) =>
    setDraft((d) => ({
      ...d,
      phone: withoutBurst(d.phone, burst, prefix),
      email: withoutBurst(d.email, burst, prefix),
      firstName: withoutBurst(d.firstName, burst, prefix),
      lastName: withoutBurst(d.lastName, burst, prefix),
    })),
  );

  const focusFirst = (fields: JoinErrors['fields']): void => {
    const first = ORDER.find((f) => fields[f]);
    if (first) document.getElementById(ID[first])?.focus();
  };

  const submit = async (e?: React.FormEvent): Promise<void> => {
    e?.preventDefault();
    if (busy) return;
    const checked = validateJoin(draft);
    setErrors(checked);
    setFormError(null);
    if (Object.keys(checked.fields).length > 0) {
      focusFirst(checked.fields);
      return;
    }
    setBusy(true);
    try {
      const result = await call('customers.join', toJoinInput(draft, textVersion(settings)));
      close({ kind: 'joined', result });
    } catch (error) {
      const placed = error instanceof ContractError && error.code === 'invalid_input' ? joinErrorsFromContract(error.details) : { fields: {} };
      setErrors(placed);
      if (Object.keys(placed.fields).length > 0) focusFirst(placed.fields);
      else setFormError(errorText(error, t));
    } finally {
      setBusy(false);
    }
  };

  const set = <K extends JoinField>(field: K, value: JoinDraft[K]): void => {
    setDraft((d) => {
      const next = { ...d, [field]: value };
      // No address, no e-mail permission: it could never be used, and the core refuses it.
      if (field === 'email' && String(value).trim() === '') next.emailConsent = false;
      return next;
    });
    if (errors.fields[field]) setErrors({ fields: { ...errors.fields, [field]: undefined } });
  };

  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key === 'Escape') {
      // Only the form closes: Esc must not also start a new customer.
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'Enter' && e.target instanceof HTMLInputElement && e.target.type === 'checkbox') {
      // Browsers submit on Enter only from text fields; at the till Enter means "done" everywhere.
      e.preventDefault();
      formRef.current?.requestSubmit();
    }
  };

  const error = (field: JoinField) =>
    errors.fields[field] ? (
      <p id={`${ID[field]}-error`} className="small error-text" data-testid={`${ID[field]}-error`}>
        {t(errors.fields[field]!, { country })}
      </p>
    ) : null;
  const invalid = (field: JoinField) => (errors.fields[field] ? { 'aria-invalid': true as const, 'aria-describedby': `${ID[field]}-error` } : {});

  const text = (field: 'phone' | 'email' | 'firstName' | 'lastName', label: string, extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div className="field">
      <label htmlFor={ID[field]}>{label}</label>
      <input id={ID[field]} value={draft[field]} onChange={(e) => set(field, e.target.value)} autoComplete="off" spellCheck={false} {...invalid(field)} {...extra} />
      {error(field)}
    </div>
  );

  const hasEmail = draft.email.trim() !== '';
  return (
    <form ref={formRef} className="card join-form" aria-labelledby="join-title" data-testid="join-form" noValidate onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown}>
      <h2 id="join-title">{t('join.title')}</h2>
      <div className="field">
        <label htmlFor={ID.phone}>{t('join.phone')}</label>
        <input
          id={ID.phone}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          autoFocus
          required
          maxLength={32}
          value={draft.phone}
          onChange={(e) => set('phone', e.target.value)}
          aria-invalid={errors.fields.phone ? true : undefined}
          aria-describedby={errors.fields.phone ? `${ID.phone}-error join-phone-hint` : 'join-phone-hint'}
        />
        <span id="join-phone-hint" className="small muted">
          {t('join.phoneHint', { country })}
        </span>
        {error('phone')}
      </div>
      {text('email', t('join.email'), { type: 'email', inputMode: 'email', maxLength: 254 })}
      <div className="join-names">
        {text('firstName', t('join.firstName'), { maxLength: 100 })}
        {text('lastName', t('join.lastName'), { maxLength: 100 })}
      </div>
      <fieldset className="consent-choices">
        <legend>{t('join.consentsTitle')}</legend>
        <div className="consent-choice">
          <input id={ID.sms} type="checkbox" checked={draft.sms} onChange={(e) => set('sms', e.target.checked)} aria-describedby="join-sms-text" />
          <label htmlFor={ID.sms}>{t('join.smsConsent')}</label>
          <p id="join-sms-text" className="consent-text">
            {consentText(settings, 'sms', t)}
          </p>
        </div>
        <div className="consent-choice">
          <input
            id={ID.emailConsent}
            type="checkbox"
            checked={draft.emailConsent}
            disabled={!hasEmail}
            onChange={(e) => set('emailConsent', e.target.checked)}
            aria-describedby={hasEmail ? 'join-email-text' : 'join-email-text join-email-needed'}
            {...(errors.fields.emailConsent ? { 'aria-invalid': true } : {})}
          />
          <label htmlFor={ID.emailConsent}>{t('join.emailConsent')}</label>
          <p id="join-email-text" className="consent-text">
            {consentText(settings, 'email', t)}
          </p>
          {!hasEmail && (
            <p id="join-email-needed" className="small muted">
              {t('join.emailNeeded')}
            </p>
          )}
          {error('emailConsent')}
        </div>
      </fieldset>
      {formError && (
        <p role="alert" className="small error-text" data-testid="join-error">
          {formError}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('join.saving') : t('join.submit')} <kbd>Enter</kbd>
        </button>
        <button type="button" onClick={() => close()}>
          {t('join.cancel')} <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  );
}
