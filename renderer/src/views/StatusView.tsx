import { useTranslation } from 'react-i18next';
import type { Status } from '../../../preload/contract';
import { useApp } from '../state/app-store';
import { ScannerCard } from './status/ScannerCard';
import { ExportsCard } from './status/ExportsCard';
import { DeadLetters } from './status/DeadLetters';
import { RedemptionConflicts } from './status/RedemptionConflicts';
import { CampaignsCard } from './status/CampaignsCard';
import { DiagnosticsCard } from './status/DiagnosticsCard';
import { PermissionsCard } from './status/PermissionsCard';
import { ConsentLog } from './status/ConsentLog';
import { reasonText, warningText } from '../components/core-text';
import { HistoryCard } from './status/HistoryCard';
import { AuditCard } from './status/AuditCard';
import '../styles/dashboard.css';
import { NoPinNotice } from './status/NoPinNotice';

function ConnectionRow({ label, conn }: { label: string; conn: Status['custobar'] }) {
  const { t, i18n } = useTranslation();
  const message = reasonText(conn.message, conn.messageCode, conn.messageParams, t, i18n.language);
  return (
    <div className="conn" data-testid={`conn-${label}`}>
      <div className="conn-head">
        <span className={`dot dot-${conn.state}`} aria-hidden="true" />
        <strong>{t(`status.${label}`)}</strong>
        <span className="conn-state">{t(`status.state.${conn.state}`)}</span>
      </div>
      <div className="muted small" data-testid={`target-${label}`}>
        {t('status.target')}: {conn.target || t('status.notConfigured')}
      </div>
      {message && (
        <div className="small error-text" data-testid={`conn-message-${label}`}>
          {message}
        </div>
      )}
    </div>
  );
}

export function StatusView() {
  const { t, i18n } = useTranslation();
  const status = useApp((s) => s.status);
  if (!status) return <p className="muted">…</p>;
  const { app } = status;
  return (
    <div className="stack">
      <NoPinNotice />
      <section className="card" aria-labelledby="status-app">
        <h2 id="status-app">{t('status.app')}</h2>
        <dl className="facts">
          <dt>{t('status.version')}</dt>
          <dd data-testid="app-version">{app.version}</dd>
          <dt>{t('status.mode')}</dt>
          <dd>{app.mode === 'electron' ? t('status.modeElectron') : t('status.modeService')}</dd>
          <dt>{t('status.demo')}</dt>
          <dd data-testid="demo-state">{app.demo ? t('status.demoOn') : t('status.demoOff')}</dd>
          <dt>{t('status.shop')}</dt>
          <dd>{app.shopId}</dd>
          <dt>{t('status.till')}</dt>
          <dd>{app.tillId}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="status-conn">
        <h2 id="status-conn">{t('status.connections')}</h2>
        <ConnectionRow label="custobar" conn={status.custobar} />
        <ConnectionRow label="benefits" conn={status.benefits} />
      </section>
      <RedemptionConflicts />
      <HistoryCard />
      <ExportsCard />
      <DeadLetters />
      <AuditCard />
      <PermissionsCard />
      <CampaignsCard />
      <ScannerCard />
      <section className="card" aria-labelledby="status-warn">
        <h2 id="status-warn">{t('status.warnings')}</h2>
        {status.warnings.length === 0 ? (
          <p className="muted">{t('status.noWarnings')}</p>
        ) : (
          <ul className="warnings">
            {status.warnings.map((w) => (
              <li key={w.code} role="alert">
                {warningText(w, t, i18n.language)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <ConsentLog />
      <DiagnosticsCard />
    </div>
  );
}
