import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, ContractError } from '../../bridge';
import { errorText } from '../../components/errors';
import { countryName, visibleDigits } from '../../components/format';
import { useApp } from '../../state/app-store';
import { useJoin, type ConsentTarget } from '../../state/join-store';
import { consentText, joinErrorsFromContract, phoneMatchesCard, textVersion, withoutBurst } from './join-form';
import { useBurstCleanup } from './useBurstCleanup';

/**
 * Giving or withdrawing the card customer's SMS or e-mail permission. The card knows only the masked
 * number, and the permission is recorded by phone number, so the cashier types the number the
 * customer gives; it must end with the digits the card shows. The text the customer hears is on
 * screen before the cashier confirms, and its version goes into the consent record.
 */
export function ConsentPanel({ target }: { target: ConsentTarget }) {
  const { t, i18n } = useTranslation();
  const settings = useApp((s) => s.settings);
  const country = countryName(settings?.settings.general.defaultCountry ?? 'FI', i18n.language);
  const close = useJoin((s) => s.close);
  const [phone, setPhone] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const digits = visibleDigits(target.maskedPhone);
  const action = `${target.give ? 'give' : 'withdraw'}.${target.channel}`;

  useBurstCleanup((burst, prefix) => setPhone((p) => withoutBurst(p, burst, prefix)));

  const submit = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    if (phone.trim().length < 3) return setFieldError('join.errors.phoneRequired');
    if (!phoneMatchesCard(phone, target.maskedPhone)) return setFieldError('consentChange.errors.mismatch');
    setFieldError(null);
    setBusy(true);
    try {
      const result = await call('customers.consent', {
        phone_number: phone.trim(),
        ...(target.channel === 'sms' ? { sms: target.give } : { email: target.give }),
        consent_text_version: textVersion(settings),
      });
      close({ kind: 'consent', channel: target.channel, give: target.give, result });
    } catch (error) {
      const placed = error instanceof ContractError && error.code === 'invalid_input' ? joinErrorsFromContract(error.details).fields : {};
      if (placed.phone) setFieldError(placed.phone);
      else if (placed.email || placed.emailConsent) setFormError(t('consentChange.errors.emailRequired'));
      else setFormError(errorText(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card join-form"
      aria-labelledby="consent-title"
      data-testid="consent-form"
      noValidate
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        close();
      }}
    >
      <h2 id="consent-title">{t(`consentChange.${action}`)}</h2>
      <p className="small muted">
        {target.name ?? t('customer.noName')} · {target.maskedPhone ?? t('customer.noPhone')}
      </p>
      <p className="small">{t(target.give ? 'consentChange.tellGive' : 'consentChange.tellWithdraw')}</p>
      <blockquote className="consent-text" data-testid="consent-text">
        {consentText(settings, target.channel, t)}
      </blockquote>
      <div className="field">
        <label htmlFor="consent-phone">{digits ? t('consentChange.phoneEnding', { digits }) : t('consentChange.phone')}</label>
        <input
          id="consent-phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          autoFocus
          maxLength={32}
          value={phone}
          onChange={(e) => {
            setPhone(e.target.value);
            setFieldError(null);
          }}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? 'consent-phone-error' : undefined}
        />
        {fieldError && (
          <p id="consent-phone-error" className="small error-text" data-testid="consent-phone-error">
            {t(fieldError, { country, digits })}
          </p>
        )}
      </div>
      {formError && (
        <p role="alert" className="small error-text" data-testid="consent-error">
          {formError}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {t(target.give ? 'consentChange.confirmGive' : 'consentChange.confirmWithdraw')} <kbd>Enter</kbd>
        </button>
        <button type="button" onClick={() => close()}>
          {t('join.cancel')} <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  );
}
