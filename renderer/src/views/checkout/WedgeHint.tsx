import { useTranslation } from 'react-i18next';

/** Why a keyboard-wedge scanner is a poor fit beside a till, and what to do instead. */
export function WedgeHint() {
  const { t } = useTranslation();
  return (
    <details className="hint" data-testid="wedge-hint">
      <summary>{t('scan.wedgeHintTitle')}</summary>
      <p>{t('scan.wedgeHint')}</p>
    </details>
  );
}
