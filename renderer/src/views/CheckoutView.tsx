import { useTranslation } from 'react-i18next';
import { useApp } from '../state/app-store';
import { useScans } from '../state/scan-store';
import { ManualEntry } from './checkout/ManualEntry';
import { ScanResult } from './checkout/ScanResult';
import { WedgeHint } from './checkout/WedgeHint';

export function CheckoutView() {
  const { t } = useTranslation();
  const last = useScans((s) => s.last);
  const kind = useApp((s) => s.settings?.settings.scanner.kind);
  return (
    <div className="stack">
      {last ? (
        <ScanResult scan={last} />
      ) : (
        <section className="card scan-prompt" aria-live="polite">
          <div className="scan-icon" aria-hidden="true">▣</div>
          <h2>{t('checkout.scanPrompt')}</h2>
          <p className="muted">{t('checkout.scanHint')}</p>
        </section>
      )}
      <ManualEntry />
      {kind === 'wedge' && <WedgeHint />}
    </div>
  );
}
