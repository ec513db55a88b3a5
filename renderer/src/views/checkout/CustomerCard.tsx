import { useTranslation } from 'react-i18next';
import type { CustomerView } from '../../../../preload/contract';

const CONSENTS = ['email', 'sms', 'post', 'profile'] as const;

/** Who is at the till: name, masked phone, marketing permissions at a glance. */
export function CustomerCard({ customer }: { customer: CustomerView }) {
  const { t } = useTranslation();
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
        {CONSENTS.map((key) => {
          const value = customer.consents[key];
          const state = value === true ? 'yes' : value === false ? 'no' : 'unknown';
          return (
            <li key={key} className={`consent consent-${state}`} title={t(`customer.consent.${key}`)} aria-label={`${t(`customer.consent.${key}`)}: ${t(`customer.consentState.${state}`)}`}>
              <span aria-hidden="true">{t(`customer.consentShort.${key}`)}</span>
              <span aria-hidden="true">{value === true ? '✓' : value === false ? '✕' : '?'}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
