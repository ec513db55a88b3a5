import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScans } from '../../state/scan-store';
import { requestCheckoutFocus } from '../../state/checkout-focus';

/**
 * Card number typed by the cashier; it goes through exactly the same card rules as a scan. Enter
 * hands the focus back to the checkout, so 1–9 and Esc act at once instead of typing into the field.
 */
export function ManualEntry() {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const submit = useScans((s) => s.submit);
  const bursts = useScans((s) => s.wedgeBursts);
  const seenBursts = useRef(bursts);

  useEffect(() => {
    // A wedge scanner may have typed its burst into this field: that was a scan, not typing.
    if (bursts !== seenBursts.current) {
      seenBursts.current = bursts;
      setValue('');
    }
  }, [bursts]);

  return (
    <form
      className="row manual-entry"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim() === '') return;
        void submit('manual', value);
        setValue('');
        requestCheckoutFocus();
      }}
    >
      <label htmlFor="manual-card" className="sr-only">
        {t('checkout.manualLabel')}
      </label>
      <input
        id="manual-card"
        autoComplete="off"
        spellCheck={false}
        maxLength={512}
        placeholder={t('checkout.manualPlaceholder')}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit">{t('checkout.find')}</button>
    </form>
  );
}
