// What each README screenshot shows; run by scripts/screenshots.mjs.
export default {
  checkout: async (page) => {
    await page.keyboard.press('F1');
    await page.waitForTimeout(300);
  },
  status: async (page) => {
    await page.keyboard.press('F2');
    await page.getByTestId('app-version').waitFor();
    await page.waitForTimeout(300);
  },
};
