import { expect, test } from '@playwright/test';
import { loadMnist, openStudio, screenshot, setNumber } from './studio-helpers';

test.use({ viewport: { width: 1600, height: 1000 } });

test('the page is cross-origin isolated, so its engine can share WebAssembly memory with a helper worker', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
});

test('with ?threads=2, iris on the default 128-64-32 net (batch halves) and MNIST (a 673×128 first layer: 86,144 weights, split products) train on 2 threads', async ({ page }) => {
  test.setTimeout(300_000);
  const warnings: string[] = [];
  page.on('console', (message) => { if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text()); });
  await openStudio(page, '/?threads=2');
  const kernels = page.getByTestId('kernels');
  await expect(kernels).toHaveText(/^(wasm-simd|typed-array)$/); // the tier alone before a run

  await page.getByTestId('train').click();
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 60_000 });
  // its kernels keep whichever of 2 threads and 1 measures faster (cores under one L3 or not): the label says which
  await expect(kernels).toHaveText(/^wasm-simd · (2 threads|1 thread \(faster than 2 here\))$/);

  await loadMnist(page);
  await setNumber(page, 'Epochs', 2);
  await page.getByTestId('train').click();
  await expect(kernels).toHaveText('wasm-simd · 2 threads', { timeout: 30_000 });
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 240_000 });
  await expect(kernels).toHaveText('wasm-simd · 2 threads');
  await expect(page.locator('.errors .error')).toHaveCount(0); // not even the run's model fetch racing the MNIST load
  expect(warnings.filter((text) => /kernel helper|SharedArrayBuffer|Cross-Origin|Content Security Policy/i.test(text))).toEqual([]);
  await screenshot(page, 'threads-mnist-done');
});

test('without cross-origin isolation MNIST trains on 1 thread, with no error', async ({ page }) => {
  test.setTimeout(300_000);
  // the same server, its responses without the isolation headers (as a host that does not send them)
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = Object.fromEntries(Object.entries(response.headers()).filter(([name]) => !/^cross-origin-/i.test(name)));
    await route.fulfill({ response, headers });
  });
  const warnings: string[] = [];
  page.on('console', (message) => { if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text()); });
  await openStudio(page);
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(false);
  await loadMnist(page);
  await setNumber(page, 'Epochs', 1);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 240_000 });
  await expect(page.getByTestId('kernels')).toHaveText('wasm-simd · 1 thread');
  await expect(page.locator('.errors .error')).toHaveCount(0);
  expect(warnings).toEqual([]);
});

test('by default MNIST trains on 2 threads where the device has 2 cores or more; ?threads=1 keeps it on 1', async ({ browser }) => {
  test.setTimeout(300_000);
  for (const [path, expected] of [['/', null], ['/?threads=1', 1]] as const) {
    // a fresh browser context for each: the same page would restore the MNIST it last loaded (remembered work)
    const page = await browser.newPage();
    await openStudio(page, path);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const threads = expected ?? (cores >= 2 ? 2 : 1);
    await loadMnist(page);
    await setNumber(page, 'Epochs', 1);
    await page.getByTestId('train').click();
    await expect(page.getByTestId('state')).toHaveText('done', { timeout: 240_000 });
    await expect(page.getByTestId('kernels'), `${path} on ${cores} cores`).toHaveText(`wasm-simd · ${threads} thread${threads === 2 ? 's' : ''}`);
    await page.close();
  }
});
