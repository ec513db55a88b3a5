import { useTranslation } from 'react-i18next';
import { useApp } from '../state/app-store';
import { useCheckout } from '../state/checkout-store';
import { useScans } from '../state/scan-store';
import { BenefitList } from './checkout/BenefitList';
import { CustomerCard } from './checkout/CustomerCard';
import { ManualEntry } from './checkout/ManualEntry';
import { ScanResult } from './checkout/ScanResult';
import { TodayList } from './checkout/TodayList';
import { useCheckoutKeys } from './checkout/useCheckoutKeys';
import { WedgeHint } from './checkout/WedgeHint';

export function CheckoutView() {
  const { t } = useTranslation();
  const last = useScans((s) => s.last);
  const scanner = useApp((s) => s.settings?.settings.scanner);
  const { checkout, feedback, error, redeem, newCustomer } = useCheckout();
  const benefits = checkout?.benefits ?? [];
  useCheckoutKeys(benefits, (id) => void redeem(id), () => void newCustomer(), (scanner?.wedge.maxGapMs ?? 40) * 2);

  // A refused scan after the current customer was found is shown on top; the customer stays.
  const rejectedScan = last && !last.accepted ? last : null;
  return (
    <div className="stack checkout">
      {/* Colour feedback: a frame that flashes green or red once per outcome (keyed so it replays). */}
      {feedback && <div key={feedback.at} className={`flash flash-${feedback.kind}`} aria-hidden="true" data-testid={`flash-${feedback.kind}`} />}
      {rejectedScan && <ScanResult scan={rejectedScan} />}
      {!checkout?.checkoutId && !rejectedScan && (
        <section className="card scan-prompt" aria-live="polite">
          <div className="scan-icon" aria-hidden="true">▣</div>
          <h2>{t('checkout.scanPrompt')}</h2>
          <p className="muted">{t('checkout.scanHint')}</p>
        </section>
      )}
      {checkout?.checkoutId && (
        <>
          {last?.accepted && <ScanResult scan={last} />}
          {checkout.customerState === 'loading' && <p className="muted" aria-live="polite">{t('customer.loading', { card: checkout.cardId })}</p>}
          {checkout.customer && <CustomerCard customer={checkout.customer} />}
          {checkout.message && (
            <p className={`banner ${checkout.customerState === 'ready' ? 'banner-warn' : 'banner-error'}`} role="alert" data-testid="checkout-message">
              {checkout.message}
            </p>
          )}
          {checkout.benefitsState === 'loading' && <p className="muted">{t('benefit.loading')}</p>}
          {checkout.benefitsState === 'ready' && <BenefitList benefits={benefits} />}
          {error && (
            <p className="banner banner-error" role="alert" data-testid="checkout-error">
              {error}
            </p>
          )}
          <button type="button" className="new-customer" onClick={() => void newCustomer()}>
            {t('checkout.newCustomer')} <kbd>Esc</kbd>
          </button>
        </>
      )}
      <ManualEntry />
      {scanner?.kind === 'wedge' && <WedgeHint />}
      <TodayList />
    </div>
  );
}
