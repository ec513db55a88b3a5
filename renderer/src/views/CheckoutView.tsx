import { useTranslation } from 'react-i18next';

export function CheckoutView() {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <section className="card scan-prompt" aria-live="polite">
        <div className="scan-icon" aria-hidden="true">▣</div>
        <h2>{t('checkout.scanPrompt')}</h2>
        <p className="muted">{t('checkout.scanHint')}</p>
      </section>
    </div>
  );
}
