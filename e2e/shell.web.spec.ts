import { expect, test } from '@playwright/test';
import { trainIrisAndMeasure } from './shell-scenario';

test('the web page trains iris from the file input and answers a click within 100 ms while training', async ({ page }, testInfo) => {
  const problems: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Backprop Studio' })).toBeVisible();

  const { pauseClickMs, maxEventLoopLagMs } = await trainIrisAndMeasure(page);
  testInfo.annotations.push({ type: 'pause click → paused (ms)', description: pauseClickMs.toFixed(1) });
  testInfo.annotations.push({ type: 'max event-loop lag while training (ms)', description: maxEventLoopLagMs.toFixed(1) });
  console.log(`pause click answered in ${pauseClickMs.toFixed(1)} ms; max event-loop lag while training ${maxEventLoopLagMs.toFixed(1)} ms`);
  expect(pauseClickMs).toBeLessThan(100);
  // event-loop lag is reported, not asserted: on a shared 2-core machine it mostly measures other processes

  await page.getByTestId('resume').click();
  await expect(page.getByTestId('state')).toHaveText('training');
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('state')).toHaveText('done');
  await expect(page.getByTestId('progress')).toContainText(/epoch \d+\/100000 .* test accuracy \d/);
  await page.screenshot({ path: 'test-results/shell-web-trained.png', fullPage: true });
  expect(problems).toEqual([]);
});

test('a bundled sample loads from the page\'s own assets', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Handwritten digits 8×8' }).click();
  await expect(page.getByTestId('dataset')).toContainText('digits-8x8.csv · 1797 rows · classification (10 classes)');
});

test('a CSV with a bad cell shows where the problem is', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('csv-input').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,label\n1,2,x\n3,oops,y\n') });
  await expect(page.getByRole('alert')).toContainText('column "b" line 3: "oops" is not a number');
});
