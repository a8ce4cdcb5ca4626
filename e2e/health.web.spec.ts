import { expect, test, type Page } from '@playwright/test';
import { openStudio, screenshot, screenshotDir, setNumber } from './studio-helpers';

test.use({ viewport: { width: 1600, height: 1100 } });

const healthRegion = (page: Page) => page.getByRole('region', { name: 'Training health' });

/** The first layer's gradient norm in the health table (the engine's median over recent steps). */
async function firstLayerNorm(page: Page): Promise<number> {
  return Number(await healthRegion(page).getByTestId('layer-grad-norm').first().getAttribute('data-value'));
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400); // the chart worker redraws at most every 100 ms
  await screenshot(page, name);
  await healthRegion(page).screenshot({ path: `${screenshotDir}${name}-region.png` });
}

/** Eight hidden sigmoid layers of 16 units with the origin's init N(0,1)·√(1/fan_in). */
async function designEightSigmoidLayers(page: Page): Promise<void> {
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: '+ Add layer' }).click();
  await expect(page.getByTestId('hidden-layer')).toHaveCount(8);
  for (let layer = 1; layer <= 8; layer++) {
    await setNumber(page, `Layer ${layer} units`, 16);
    await page.getByLabel(`Layer ${layer} activation`).selectOption('sigmoid');
  }
  await page.getByLabel('Initialization').selectOption('original');
}

test('health 1: the iris default run raises no health warning (negative control)', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 60_000 });
  await expect(healthRegion(page).getByTestId('health-ok')).toBeVisible();
  await expect(healthRegion(page).getByTestId('health-warning')).toHaveCount(0);
  await expect(healthRegion(page).getByRole('table', { name: 'Layer health' }).locator('tbody tr')).toHaveCount(4);
  await shot(page, 'health-1-iris-healthy');
});

test('health 2: eight sigmoid layers with the origin\'s init warn of vanishing gradients on layer 1; relu + He lifts its norm ≥ 10×', async ({ page }) => {
  await openStudio(page);
  await designEightSigmoidLayers(page);
  await setNumber(page, 'Epochs', 50); // the short run this was written for (the default is up to 500 epochs since bench/defaults)
  await page.getByTestId('train').click();
  const warning = healthRegion(page).locator('[data-testid="health-warning"][data-code="vanishing"]');
  await expect(warning).toBeVisible({ timeout: 60_000 });
  await expect(warning).toHaveAttribute('data-layer', '0');
  expect(Number(await warning.getAttribute('data-step'))).toBeLessThanOrEqual(200);
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 60_000 });
  const before = await firstLayerNorm(page);
  expect(before).toBeLessThan(1e-3);
  await shot(page, 'health-2-vanishing');
  await warning.getByRole('button', { name: /relu \+ He init \(new run\)/ }).click();
  await expect(page.getByLabel('Layer 1 activation')).toHaveValue('relu');
  await expect(page.getByLabel('Initialization')).toHaveValue('he');
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 60_000 });
  await expect(healthRegion(page).locator('[data-code="vanishing"]')).toHaveCount(0);
  await expect.poll(() => firstLayerNorm(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(10 * before);
  await shot(page, 'health-2-after-fix');
});

test('health 3: learning rate 5 without clipping warns of exploding gradients; its live fix keeps the loss finite', async ({ page }) => {
  await openStudio(page);
  await setNumber(page, 'Learning rate', 5);
  await setNumber(page, 'Epochs', 50_000);
  await setNumber(page, 'Early-stop patience', 0); // a run that waits to be paused: no early stopping (on by default since bench/defaults)
  await expect(page.getByLabel('Gradient clipping')).toHaveValue('none');
  await page.getByTestId('train').click();
  const warning = healthRegion(page).locator('[data-testid="health-warning"][data-code="exploding"]');
  await expect(warning).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('state')).toHaveText('training');
  await shot(page, 'health-3-exploding');
  await warning.getByRole('button', { name: /Clip-norm 1, lr 5 → 0\.5 \(now\)/ }).click();
  await expect(warning.getByTestId('fix-applied')).toBeVisible();
  // a marked mid-run change: the run goes on with the new settings
  await expect(page.getByTestId('chart-batch-loss').locator('canvas')).toHaveAttribute('data-marks', '1', { timeout: 30_000 });
  await expect(page.getByRole('spinbutton', { name: 'Learning rate' })).toHaveValue('0.5');
  await expect(page.getByLabel('Gradient clipping')).toHaveValue('norm');
  const stepAtFix = Number(await page.getByTestId('chart-batch-loss').locator('canvas').getAttribute('data-points'));
  await expect.poll(async () => Number(await page.getByTestId('chart-batch-loss').locator('canvas').getAttribute('data-points')), { timeout: 30_000 })
    .toBeGreaterThan(stepAtFix);
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('state')).toHaveText('training'); // no non-finite stop
  const lastLoss = Number(await page.getByTestId('chart-batch-loss').locator('canvas').getAttribute('data-last-y'));
  expect(Number.isFinite(lastLoss)).toBe(true);
  await expect(healthRegion(page).getByTestId('formula-clip').or(page.getByTestId('formula-clip'))).toContainText('t = 1');
  await shot(page, 'health-3-after-fix');
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 30_000 });
});

test('health 4: clip hits are marked on the gradient chart and the clip formula compares the norm with t', async ({ page }) => {
  await openStudio(page);
  await page.getByLabel('Gradient clipping').selectOption('norm');
  await setNumber(page, 'Clip threshold', 0.1);
  await setNumber(page, 'L2', 0.0001);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 60_000 });
  const chart = healthRegion(page).getByTestId('chart-grad-norms').locator('canvas');
  await expect.poll(async () => Number(await chart.getAttribute('data-top-ticks')), { timeout: 10_000 }).toBeGreaterThan(10);
  await expect(page.getByTestId('formula-clip')).toContainText(/now ‖g‖ = [\d.e-]+ vs t = 0\.1/);
  await expect(page.getByTestId('formula-l2')).toContainText(/λ₂·ΣW² = 1e-4 × [\d.e]+ = [\d.e-]+/);
  await shot(page, 'health-4-clip-hits');
});
