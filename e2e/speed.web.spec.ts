import { expect, test, type Page } from '@playwright/test';
import { loadMnist, openStudio, screenshot, setNumber } from './studio-helpers';

test.use({ viewport: { width: 1600, height: 1000 } });

/** The samples/s the studio shows under its progress bar ("38k samples/s" → 38000; "—" → 0). */
async function shownSamplesPerSecond(page: Page): Promise<number> {
  const text = (await page.getByTestId('progress').textContent()) ?? '';
  const match = /([\d.]+)(k|M)? samples\/s/.exec(text);
  if (!match) return 0;
  return Number(match[1]) * (match[2] === 'M' ? 1e6 : match[2] === 'k' ? 1e3 : 1);
}

/** The bench's MNIST net in the studio: 256-128-64 relu, no dropout, SGD, learning rate 0.1, batch 64. */
async function designBenchNet(page: Page): Promise<void> {
  const layers = page.getByTestId('hidden-layer');
  while (await layers.count() < 3) await page.getByRole('button', { name: '+ Add layer' }).click();
  while (await layers.count() > 3) await page.getByRole('button', { name: `Remove layer ${await layers.count()}` }).click();
  for (const [index, units] of [256, 128, 64].entries()) {
    await setNumber(page, `Layer ${index + 1} units`, units);
    await page.getByLabel(`Layer ${index + 1} activation`).selectOption('relu');
    await setNumber(page, `Layer ${index + 1} dropout`, 0); // the bench's net has none (the studio's default is 0.1)
  }
  await page.getByLabel('Optimizer').selectOption('sgd');
  await setNumber(page, /^batch size$/i, 64);
  await setNumber(page, 'Learning rate', 0.1);
  await setNumber(page, 'Epochs', 30); // ~5 s: long enough for the helper thread's code to warm up
  await setNumber(page, 'Early-stop patience', 0);
}

test('the studio shows a positive samples/s while and after it trains the bench\'s MNIST net', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await openStudio(page, '/'); // the studio's own thread choice (2 threads from 2 cores on)
  await loadMnist(page);
  await designBenchNet(page);
  await page.getByTestId('train').click();
  await expect.poll(() => shownSamplesPerSecond(page), { timeout: 120_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 240_000 });
  const samplesPerSecond = await shownSamplesPerSecond(page);
  expect(samplesPerSecond).toBeGreaterThan(0);
  // the figure goes into the report, for bench/README.md's studio-vs-bench ratio (no wall-clock threshold here)
  testInfo.annotations.push({ type: 'samples/s', description: String(samplesPerSecond) });
  const kernels = (await page.getByTestId('kernels').textContent()) ?? '';
  console.log(`studio, MNIST 256-128-64 relu, SGD, batch 64, 30 epochs, ${kernels}: ${samplesPerSecond} samples/s`);
  await screenshot(page, 'speed-mnist-done');
});
