import { expect, test, type Locator } from '@playwright/test';
import { openStudio, screenshot } from './studio-helpers';

test.use({ viewport: { width: 1600, height: 1100 } });

const numberIn = async (locator: Locator): Promise<number> => Number(await locator.textContent());

test('the backprop inspector shows a Step\'s shapes with the batch and a chain rule that adds up to the gradient; Check gradients passes every layer', async ({ page }) => {
  await openStudio(page);
  const inspector = page.getByRole('region', { name: 'Backprop inspector' });
  await expect(inspector.getByTestId('inspector-reason')).toContainText('Step');
  for (let i = 1; i <= 3; i++) {
    await page.getByTestId('step').click();
    await expect(page.getByTestId('state')).toHaveText('paused');
    await expect(inspector).toContainText(`step ${i} ·`);
  }
  await inspector.getByLabel('layer').selectOption({ index: 1 });
  await inspector.getByLabel('sample s').fill('5');
  await inspector.getByLabel('sample s').dispatchEvent('change');
  await expect(inspector.getByRole('heading', { name: /Chain rule: sample 5/ })).toBeVisible();
  const layerSizes = (await inspector.getByLabel('layer').locator('option').nth(1).textContent())!.match(/\((\d+) → (\d+)\)/)!;
  const [, fanIn, fanOut] = layerSizes;
  // the batch is the step's real row count: 32, or what is left at an epoch's end (iris's 90 training rows: 32, 32, 26)
  const m = Number((await inspector.getByText(/batch m = \d+/).textContent())!.match(/batch m = (\d+)/)![1]);
  expect([32, 26]).toContain(m);
  await expect(inspector.getByTestId('forward-line')).toContainText(`(${m}×${fanIn})(${fanIn}×${fanOut})`);
  await expect(inspector.getByTestId('dw-line')).toContainText(`(${fanIn}×${m})(${m}×${fanOut}) → (${fanIn}×${fanOut})`);
  await expect(inspector.getByTestId('da-line')).toContainText(`(${m}×${fanOut})(${fanOut}×`);
  await inspector.getByRole('button', { name: 'largest |dW|' }).click();
  await expect(inspector.getByRole('heading', { name: /Chain rule: sample 5, W\[\d+,\d+\]/ })).not.toContainText('W[0,0]');
  const sum = await numberIn(inspector.getByTestId('batch-sum'));
  const gradient = await numberIn(inspector.getByTestId('gradient-value'));
  expect(Number.isFinite(gradient) && gradient !== 0).toBe(true);
  expect(Math.abs(sum - gradient)).toBeLessThanOrEqual(1e-4 * Math.max(Math.abs(gradient), 1e-6));
  await inspector.getByRole('button', { name: 'Check gradients' }).click();
  const table = inspector.getByRole('table', { name: 'Gradient check' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  const rows = table.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThanOrEqual(2);
  for (const cell of await rows.locator('td:last-child').all()) await expect(cell).toHaveText('pass');
  for (const cell of await rows.locator('td:nth-child(3)').all()) expect(Number(await cell.textContent())).toBeLessThan(1e-6);
  await inspector.scrollIntoViewIfNeeded();
  await screenshot(page, 'inspector');
  await inspector.screenshot({ path: 'test-results/studio/inspector-panel.png' });
});
