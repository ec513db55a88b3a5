// What each README screenshot shows; run by scripts/screenshots.mjs against the demo.
const scan = async (page, card) => {
  await page.getByPlaceholder('Type a card number and press Enter').fill(card);
  await page.keyboard.press('Enter');
};

export default {
  checkout: async (page) => {
    await page.keyboard.press('F1');
    await scan(page, 'CU-7H3K9P2A');
    await page.getByTestId('benefits').waitFor();
    await page.getByRole('button', { name: /Free coffee/ }).click();
    await page.getByText('Applied ✓').waitFor();
    await page.waitForTimeout(1500);
  },
  status: async (page) => {
    await page.keyboard.press('F2');
    await page.getByTestId('app-version').waitFor();
    await page.waitForTimeout(4000);
  },
  join: async (page) => {
    await page.keyboard.press('F4');
    await page.getByLabel('Phone number').fill('040 765 4321');
    await page.getByLabel('E-mail (optional)').fill('uusi.jasen@example.fi');
    await page.getByLabel('First name (optional)').fill('Uusi');
    await page.getByLabel('Last name (optional)').fill('Jäsen');
    await page.getByLabel('Text messages (SMS)').check();
    await page.waitForTimeout(300);
  },
  settings: async (page) => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F3');
    await page.waitForTimeout(300);
    await page.evaluate('window.scrollTo(0, 0)');
  },
};
