import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A labelled form row. A locked row is read-only and says why: 'managed' = set by the machine-wide IT
 * policy (ask IT), 'locked' = set by the command line or demo mode (restart without it).
 */
export type FieldLock = 'locked' | 'managed' | null;

export function Field({ id, label, lock = null, children }: { id: string; label: string; lock?: FieldLock; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {lock && (
        <span className="small muted" data-testid={`${id}-lock`}>
          🔒 {t(lock === 'managed' ? 'settings.managed' : 'settings.locked')}
        </span>
      )}
    </div>
  );
}
