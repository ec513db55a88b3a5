import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Shown for the moment a view's chunk is on its way (Status and Settings load on first use). */
export function ViewLoading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status" data-testid="view-loading">
      {t('app.viewLoading')}
    </p>
  );
}

function ViewFailed() {
  const { t } = useTranslation();
  return (
    <div className="banner banner-error" role="alert" data-testid="view-failed">
      <p>{t('app.viewFailed')}</p>
      <button type="button" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}

/**
 * A view's chunk that cannot be fetched (the service was updated and restarted under an open page,
 * so the old chunk's name is gone) fails only that view, with a way out, instead of the whole page.
 */
export class ViewBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render(): ReactNode {
    return this.state.failed ? <ViewFailed /> : this.props.children;
  }
}
