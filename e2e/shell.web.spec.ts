import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { irisPath, trainIrisAndMeasure } from './shell-scenario';

test('the web page trains iris from the file input and answers a click within 100 ms while training', async ({ page }, testInfo) => {
  const problems: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto('./');
  await expect(page.getByRole('heading', { name: /Backprop Studio/ })).toBeVisible();

  const { pauseClickMs, pauseShownMs, maxEventLoopLagMs } = await trainIrisAndMeasure(page);
  testInfo.annotations.push({ type: 'pause click → page shows paused (ms)', description: pauseShownMs.toFixed(1) });
  testInfo.annotations.push({ type: 'pause click → engine reports paused (ms)', description: pauseClickMs.toFixed(1) });
  testInfo.annotations.push({ type: 'max event-loop lag while training (ms)', description: maxEventLoopLagMs.toFixed(1) });
  console.log(`pause click shown in ${pauseShownMs.toFixed(1)} ms, answered by the engine in ${pauseClickMs.toFixed(1)} ms; max event-loop lag while training ${maxEventLoopLagMs.toFixed(1)} ms`);
  expect(pauseShownMs).toBeLessThan(100); // the page answers the click
  expect(pauseClickMs).toBeLessThan(1000); // and the engine's own "paused" follows (a loaded 2-core machine stretches this round trip)
  // event-loop lag is reported, not asserted: on a shared 2-core machine it mostly measures other processes

  await page.getByTestId('resume').click();
  await expect(page.getByTestId('state')).toHaveAttribute('data-engine-state', 'training');
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('state')).toHaveAttribute('data-engine-state', 'done');
  await page.screenshot({ path: 'test-results/shell-web-trained.png', fullPage: true });
  // the shell's part: nothing the CSP refused, no worker failure (the studio's own errors are its tests' business)
  expect(problems.filter((text) => /Content Security Policy|Refused to|engine worker/i.test(text))).toEqual([]);
});

test('a bundled sample loads from the page\'s own assets', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('combobox', { name: 'Samples' }).selectOption('digits');
  await expect(page.getByTestId('dataset')).toContainText(/digits-8x8\.csv · 1,797 rows/);
});

test('a CSV with a ragged row shows the line of the problem', async ({ page }) => {
  await page.goto('./');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: /Open CSV/ }).first().click();
  await (await chooser).setFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,label\n1,2,x\n3,4,5,6\n') });
  await expect(page.getByRole('alert')).toContainText('line 3: expected 3 fields, found 4');
});

test('a CSV dropped on the window loads through the web host', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: /Backprop Studio/ })).toBeVisible();
  const csv = readFileSync(irisPath, 'utf8');
  const dataTransfer = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'dropped-iris.csv', { type: 'text/csv' }));
    return transfer;
  }, csv);
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await expect(page.getByTestId('dataset')).toContainText(/dropped-iris\.csv · 150 rows/);
});
