import { lazy, Suspense, useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp, views, type View } from './state/app-store';
import { useJoin } from './state/join-store';
import { useScans } from './state/scan-store';
import { needsSetup, useSetup } from './state/setup-store';
import { useWedgeScanner } from './scanning/useWedgeScanner';
import { useScanRouting } from './scanning/useScanRouting';
import { CheckoutView } from './views/CheckoutView';
import { SetupScreen } from './views/setup/SetupScreen';
import { ViewBoundary, ViewLoading } from './views/ViewLoading';

// Checkout paints first: Status (with its uPlot charts) and Settings are chunks of their own, loaded
// when first opened (same-origin scripts, so the CSP's script-src 'self' allows them).
const StatusView = lazy(() => import('./views/StatusView').then((m) => ({ default: m.StatusView })));
const SettingsView = lazy(() => import('./views/SettingsView').then((m) => ({ default: m.SettingsView })));

const shortcuts: Record<View, string> = { checkout: 'F1', status: 'F2', settings: 'F3' };

/** F1–F3 switch views from anywhere, so a cashier never needs the mouse. */
function useViewShortcuts(setView: (v: View) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const index = ['F1', 'F2', 'F3'].indexOf(e.key);
      const altIndex = e.altKey ? ['1', '2', '3'].indexOf(e.key) : -1;
      const pick = index >= 0 ? index : altIndex;
      if (pick >= 0) {
        e.preventDefault();
        setView(views[pick]!);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setView]);
}

/** F4 opens the join form from any view and any field (switching to Checkout): no mouse needed, and typing a card number first does not get in the way. */
function useJoinShortcut(enabled: boolean, setView: (v: View) => void): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'F4' || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      setView('checkout');
      useJoin.getState().openJoin();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, setView]);
}

export function App() {
  const { t } = useTranslation();
  const { view, setView, info, connected, loadError } = useApp();
  const wedge = useApp((s) => s.settings?.settings.scanner.wedge);
  const submit = useScans((s) => s.submit);
  const { setup, switching, choose, error: setupError } = useSetup();
  // Until the till is set up (or while it switches data set) the first tab is the setup screen;
  // Status and Settings stay reachable, e.g. to read a warning first.
  const setupShown = needsSetup(setup) || switching !== null;
  const inDemo = setup ? setup.profile === 'demo' : Boolean(info?.demo);
  useViewShortcuts(setView);
  useJoinShortcut(!setupShown, setView);
  // No checkout during setup: keys typed quickly into the form must not become scans.
  useWedgeScanner(setupShown ? undefined : wedge, useCallback((text: string) => void submit('wedge', text), [submit]));
  useScanRouting(!setupShown, setView);
  // Set once the shortcuts above listen (effects run in order): kiosk scripts and the browser tests
  // wait for it, so an F-key pressed right after the page loads is not lost.
  useEffect(() => {
    document.documentElement.dataset.appReady = 'true';
  }, []);

  const onTabKey = (e: React.KeyboardEvent): void => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const next = (views.indexOf(view) + (e.key === 'ArrowRight' ? 1 : views.length - 1)) % views.length;
    setView(views[next]!);
    document.getElementById(`tab-${views[next]}`)?.focus();
  };

  return (
    <div className="app">
      <header className="app-header">
        <h1>{t('app.title')}</h1>
        {info?.demo && <span className="badge badge-demo">{t('app.demoBadge')}</span>}
        {inDemo && switching === null && (
          <button
            type="button"
            className="leave-demo"
            onClick={() => {
              // The setup screen (first tab) shows the switch, and afterwards the setup if still needed.
              setView('checkout');
              void choose('real');
            }}
          >
            {t('app.leaveDemo')}
          </button>
        )}
      </header>
      {/* Landmarks: every part of the page is in the banner, the navigation or the main area (axe: region). */}
      <nav className="tabs" aria-label={t('cashier.landmarks.views')}>
        <div className="tab-list" role="tablist" onKeyDown={onTabKey}>
          {views.map((v) => (
            <button
              key={v}
              id={`tab-${v}`}
              role="tab"
              aria-selected={view === v}
              aria-controls={`panel-${v}`}
              tabIndex={view === v ? 0 : -1}
              title={t('nav.shortcut', { key: shortcuts[v] })}
              className={view === v ? 'tab active' : 'tab'}
              onClick={() => setView(v)}
            >
              {t(v === 'checkout' && setupShown ? 'nav.setup' : `nav.${v}`)} <kbd>{shortcuts[v]}</kbd>
            </button>
          ))}
        </div>
      </nav>
      <main className="panel">
        {!connected && <div className="banner banner-error" role="alert">{t('app.offline')}</div>}
        {setupError && !setupShown && <div className="banner banner-error" role="alert">{t('errors.generic', { message: setupError })}</div>}
        {loadError && <div className="banner banner-error" role="alert">{t('errors.generic', { message: loadError })}</div>}
        <div id={`panel-${view}`} role="tabpanel" aria-labelledby={`tab-${view}`} className="tab-panel">
          {view === 'checkout' && (setupShown ? <SetupScreen /> : <CheckoutView />)}
          {view !== 'checkout' && (
            <ViewBoundary key={view}>
              <Suspense fallback={<ViewLoading />}>
                {view === 'status' && <StatusView />}
                {view === 'settings' && <SettingsView />}
              </Suspense>
            </ViewBoundary>
          )}
        </div>
      </main>
    </div>
  );
}
