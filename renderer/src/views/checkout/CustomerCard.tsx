import { useTranslation } from 'react-i18next';
import type { CheckoutState, CustomerView } from '../../../../preload/contract';
import { clock } from '../../components/format';
import { useJoin } from '../../state/join-store';

/** SMS and e-mail are what the till can change, so they are always shown; the rest only when known. */
const MAIN = ['sms', 'email'] as const;
const MORE = ['post', 'profile', 'push'] as const;

type ConsentKey = keyof CustomerView['consents'];

function Consent({ name, value }: { name: ConsentKey; value: boolean | null }) {
  const { t } = useTranslation();
  const state = value === true ? 'yes' : value === false ? 'no' : 'unknown';
  return (
    <li
      className={`consent consent-${state}`}
      title={t(`customer.consent.${name}`)}
      aria-label={`${t(`customer.consent.${name}`)}: ${t(`customer.consentState.${state}`)}`}
      data-testid={`consent-${name}`}
      data-state={state}
    >
      <span aria-hidden="true">{t(`customer.consentShort.${name}`)}</span>
      <span aria-hidden="true">{value === true ? '✓' : value === false ? '✕' : '?'}</span>
    </li>
  );
}

/** Who is at the till: name, masked phone, marketing permissions, and when they last changed where. */
export function CustomerCard({ customer, checkoutId }: { customer: CustomerView; checkoutId: CheckoutState['checkoutId'] }) {
  const { t, i18n } = useTranslation();
  const openConsent = useJoin((s) => s.openConsent);
  const change = customer.consentChange;
  const extra = MORE.filter((key) => customer.consents[key] !== null);
  return (
    <section className="card customer-card" aria-label={t('customer.title')} data-testid="customer-card">
      <div className="row">
        <h2 className="customer-name" data-testid="customer-name">
          {customer.name ?? t('customer.noName')}
        </h2>
        {customer.offline && (
          <span className="badge badge-offline" title={t('customer.offlineHint')}>
            {t('customer.offline')}
          </span>
        )}
      </div>
      <div className="small muted">
        {customer.maskedPhone ?? t('customer.noPhone')} · {t('customer.card', { card: customer.cardId })}
      </div>
      <ul className="consents" aria-label={t('customer.consents')}>
        {[...MAIN, ...extra].map((key) => (
          <Consent key={key} name={key} value={customer.consents[key]} />
        ))}
      </ul>
      {change && (
        <p className="small muted consent-change" data-testid="consent-change">
          {t(`customer.changed.${change.source}`, { time: clock(change.at, i18n.language) })}
        </p>
      )}
      {checkoutId && (
        <div className="row consent-actions">
          {MAIN.map((channel) => {
            const give = customer.consents[channel] !== true;
            return (
              <button
                key={channel}
                type="button"
                className="small-button"
                data-testid={`consent-${give ? 'give' : 'withdraw'}-${channel}`}
                disabled={!customer.maskedPhone}
                title={customer.maskedPhone ? undefined : t('consentChange.noPhone')}
                onClick={() => openConsent({ channel, give, checkoutId, name: customer.name, maskedPhone: customer.maskedPhone })}
              >
                {t(`consentChange.${give ? 'give' : 'withdraw'}.${channel}`)}
              </button>
            );
          })}
        </div>
      )}
    </section>
  );
}
