import { useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { bridgeAuth, onBridgeAuth } from '../bridge';

/** Without settings to read, the browser's own language picks the words of this one screen. */
function browserLanguage(): 'en' | 'fi' | 'sv' {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.slice(0, 2).toLowerCase();
    if (base === 'fi' || base === 'sv' || base === 'en') return base;
  }
  return 'en';
}

/**
 * Service mode: a page opened without the printed link (no token, or one the service refuses) gets
 * one screen that says how to get the link, instead of the app full of errors.
 */
export function TokenGate({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const auth = useSyncExternalStore(onBridgeAuth, bridgeAuth);
  const blocked = auth === 'missing' || auth === 'refused';
  useEffect(() => {
    if (blocked) void i18n.changeLanguage(browserLanguage());
  }, [blocked, i18n]);
  if (!blocked) return <>{children}</>;
  return (
    <main className="token-screen card stack" data-testid="token-screen" aria-labelledby="token-title">
      <h1 id="token-title">{t('serviceToken.title')}</h1>
      <p>{t('serviceToken.text')}</p>
      <p>{t('serviceToken.how')}</p>
      <p className="small muted">{t('serviceToken.why')}</p>
    </main>
  );
}
