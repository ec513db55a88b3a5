import type { ReactElement } from 'react';
import { cloneElement } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * One labelled input of the setup form, with its hint and its error right below it. The input is
 * tied to both by aria-describedby, and marked aria-invalid, so a screen reader reads the error too.
 */
export function SetupField({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: ReactElement<Record<string, unknown>> }) {
  const { t } = useTranslation();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described || undefined })}
      {hint && (
        <span id={`${id}-hint`} className="small muted">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="small error-text" data-testid={`${id}-error`}>
          {t(error)}
        </span>
      )}
    </div>
  );
}
