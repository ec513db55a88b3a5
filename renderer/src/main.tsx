import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import i18n from './i18n';
import './styles.css';
import './styles/cashier.css';
import './styles/settings.css';
import { App } from './App';
import { TokenGate } from './views/TokenScreen';
import { startAppStore } from './state/app-store';
import { startScanStore } from './state/scan-store';
import { startExportsStore } from './state/exports-store';
import { startCheckoutStore } from './state/checkout-store';
import { startSetupStore } from './state/setup-store';
import { startPermissionsStore } from './state/permissions-store';

// Screen readers pick their voice and hyphenation from the page's language, not from the text.
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});
startAppStore();
startScanStore();
startExportsStore();
startCheckoutStore();
startSetupStore();
startPermissionsStore();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <TokenGate>
      <App />
    </TokenGate>
  </StrictMode>,
);
