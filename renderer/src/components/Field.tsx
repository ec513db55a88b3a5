import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A labelled form row; a locked row (set by the command line or demo mode) is read-only and says why. */
export function Field({ id, label, locked, children }: { id: string; label: string; locked?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {locked && <span className="small muted">🔒 {t('settings.locked')}</span>}
    </div>
  );
}
