import { useState } from 'react';
import { errorText } from '../../components/errors';
import { useTranslation } from 'react-i18next';
import type { PortList } from '../../../../preload/contract';
import { call } from '../../bridge';
import { useApp } from '../../state/app-store';
import { useScans } from '../../state/scan-store';

/** "Scan this code" pairing, and the list of connected ports and scanners. */
export function PairingPanel() {
  const { t } = useTranslation();
  const pairing = useScans((s) => s.pairing);
  const pin = useApp((s) => s.pin);
  const [ports, setPorts] = useState<PortList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<unknown>) => () => {
    setError(null);
    action().catch((e: unknown) => setError(errorText(e, t)));
  };

  return (
    <fieldset className="card" data-testid="pairing">
      <legend>{t('pairing.title')}</legend>
      {!pairing?.active ? (
        <div className="row">
          <button type="button" onClick={run(() => call('scanner.pairing.start', { pin: pin() }))}>
            {t('pairing.start')}
          </button>
          <button type="button" onClick={run(async () => setPorts(await call('scanner.ports', {})))}>
            {t('pairing.listPorts')}
          </button>
        </div>
      ) : (
        <div className="stack">
          {pairing.match ? (
            <p className="ok-text" role="status" data-testid="pairing-match">
              {t('pairing.found', { device: pairing.match.kind === 'wedge' ? t('pairing.wedgeDevice') : pairing.match.device })}
            </p>
          ) : (
            <>
              <p>{t('pairing.instructions')}</p>
              {pairing.qrDataUrl && <img className="pairing-qr" src={pairing.qrDataUrl} alt={pairing.code ?? ''} width={180} height={180} />}
              <code data-testid="pairing-code">{pairing.code}</code>
              <p className="small muted">{t('pairing.listening', { devices: [t('pairing.wedgeDevice'), ...pairing.listening].join(', ') })}</p>
            </>
          )}
          <div className="row">
            {pairing.match && (
              <button type="button" className="primary" onClick={run(() => call('scanner.pairing.save', { pin: pin() }))}>
                {t('pairing.save')}
              </button>
            )}
            <button type="button" onClick={run(() => call('scanner.pairing.cancel', {}))}>
              {t('pairing.cancel')}
            </button>
          </div>
        </div>
      )}
      {pairing?.message && !pairing.active && <p className="small">{pairing.messageCode === 'timeout' ? t('pairingMessage.timeout') : pairing.message}</p>}
      {error && <p className="error-text" role="alert">{error}</p>}
      {ports && (
        <div className="small" data-testid="port-list">
          <strong>{t('pairing.serialPorts')}</strong>
          <ul>
            {ports.serial.map((p) => (
              <li key={p.path}>
                {p.path} {p.vendorId ? `(${p.vendorId}:${p.productId})` : ''} {p.manufacturer ?? ''}
              </li>
            ))}
            {ports.serial.length === 0 && <li className="muted">{t('pairing.none')}</li>}
          </ul>
          <strong>{t('pairing.hidDevices')}</strong>
          <ul>
            {ports.hid.map((d) => (
              <li key={d.path}>
                {d.product ?? d.path} ({d.vendorId}:{d.productId}) {d.posScanner ? `— ${t('pairing.posScanner')}` : ''}
              </li>
            ))}
            {ports.hid.length === 0 && <li className="muted">{t('pairing.none')}</li>}
          </ul>
          {ports.problems.map((p) => (
            <p key={p} className="error-text">{p}</p>
          ))}
        </div>
      )}
    </fieldset>
  );
}
