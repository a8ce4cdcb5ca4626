import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { fixture, openStudio } from './studio-helpers';

test.use({ viewport: { width: 1440, height: 900 } });

/** The serious and critical axe violations on the page as it is now, one line each (rule, impact, where). */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact}): ${node.target.join(' ')} — ${node.failureSummary?.split('\n')[1]?.trim() ?? v.help}`));
}

test('the main screens have no serious or critical accessibility violations', async ({ page }) => {
  test.setTimeout(480_000);
  await openStudio(page);
  const found: Record<string, string[]> = {};
  const check = async (screen: string): Promise<void> => { found[screen] = await seriousViolations(page); };

  await check('start (welcome)');
  await page.getByTestId('csv-input').setInputFiles(fixture('customers.csv'));
  await expect(page.getByTestId('dataset')).toContainText('customers.csv', { timeout: 30_000 });
  await check('a CSV loaded');

  await page.getByRole('combobox', { name: 'Samples' }).selectOption({ label: 'Iris flowers' });
  await expect(page.getByTestId('dataset')).toContainText('iris.csv', { timeout: 30_000 });
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('3000');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('state')).toHaveText('training');
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('state')).toHaveText('paused');
  await check('during a run (paused): the backprop inspector filled');
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('final-accuracy')).toBeVisible({ timeout: 60_000 });
  await check('after a run: evaluation');

  for (const tab of ['Predict', 'Runs', 'Boundary']) {
    await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
    await page.waitForTimeout(500); // the tab's views fetch from the engine
    await check(`after a run: ${tab.toLowerCase()}`);
  }
  for (const table of await page.getByRole('button', { name: /^Table of / }).all()) await table.click();
  await check('every chart\'s table view open');
  await page.locator('button[aria-label^="Unit h1."]').first().click();
  await expect(page.getByTestId('unit-name')).toBeVisible();
  await check('network views: a unit\'s details');
  await page.emulateMedia({ colorScheme: 'dark' });
  await check('the dark theme');

  expect(found).toEqual(Object.fromEntries(Object.keys(found).map((screen) => [screen, []])));
});

test('the check sees a violation when there is one (negative control)', async ({ page }) => {
  await openStudio(page);
  // an unlabelled text field: a serious "label" violation
  await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('afterbegin', '<input type="text" id="axe-probe">'));
  expect((await seriousViolations(page)).some((line) => line.startsWith('label (critical)') || line.startsWith('label (serious)'))).toBe(true);
});
