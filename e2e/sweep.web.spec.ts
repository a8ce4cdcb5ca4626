import { expect, test, type Page } from '@playwright/test';
import { openStudio, setNumber } from './studio-helpers';

/** The sweep table's rows as text (rank order as shown). */
async function sweepRows(page: Page): Promise<string[]> {
  return page.locator('.sweep tbody tr').evaluateAll((rows) => rows.map((row) => row.textContent ?? ''));
}

test('the studio\'s seeded sweep trains 6 trials two at a time on two cores, each a run, the same twice', async ({ page }) => {
  test.setTimeout(180_000);
  const workerErrors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error' || /trial worker failed/.test(message.text())) workerErrors.push(message.text()); });
  await openStudio(page);
  await setNumber(page, 'Epochs', 15);
  await page.getByLabel('Learning rates').fill('0.001, 0.01, 0.1');
  await page.getByLabel('L2 values').fill('0, 0.003');
  await page.getByLabel('Width factors').fill('0.5, 1');
  await setNumber(page, 'Trials (0 = grid)', 6);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);

  await page.getByRole('button', { name: 'Run sweep' }).click();
  await expect(page.locator('.sweep tbody tr')).toHaveCount(6, { timeout: 150_000 });
  await expect(page.getByTestId('sweep-workers')).toContainText(cores >= 2 ? '6 trials, 2 at a time' : '6 trials, one at a time');
  await expect(page.getByRole('tab', { name: 'Runs (6)' })).toBeVisible();
  const first = await sweepRows(page);

  await page.getByRole('button', { name: 'Run sweep' }).click();
  await expect(page.getByRole('tab', { name: 'Runs (12)' })).toBeVisible({ timeout: 150_000 });
  expect(await sweepRows(page)).toEqual(first); // the same seed: the same trials and scores
  // the table sorts by trial number when its header is clicked
  await page.locator('.sweep thead').getByRole('button', { name: /^#/ }).click();
  const byIndex = await page.locator('.sweep tbody tr td:first-child').allTextContents();
  expect(byIndex).toEqual(['1', '2', '3', '4', '5', '6']);
  expect(workerErrors).toEqual([]);
});
