import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openStudio, setNumber } from './studio-helpers';

test.use({ viewport: { width: 1600, height: 1000 } });

test('a run paused mid-way survives a reload: "Resume run" continues it from its checkpoint to the end', async ({ page }) => {
  await openStudio(page);
  await setNumber(page, 'Epochs', 5000); // iris runs an epoch in about a millisecond: long enough to pause mid-way
  await setNumber(page, 'Early-stop patience', 0); // a run that waits to be paused: no early stopping (on by default since bench/defaults)
  await page.getByTestId('train').click();
  await expect(page.getByTestId('state')).toHaveText('training');
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('state')).toHaveText('paused');
  await page.waitForTimeout(500); // the pause's checkpoint reaches IndexedDB

  await page.reload();
  const offer = page.getByTestId('resume-offer');
  await expect(offer).toContainText(/An unfinished run on iris\.csv was saved at epoch \d+ of 5000/, { timeout: 30_000 });
  const savedEpoch = Number(/epoch (\d+) of/.exec((await offer.textContent()) ?? '')![1]);
  expect(savedEpoch).toBeLessThan(5000);
  await offer.getByRole('button', { name: 'Resume run' }).click();
  await expect(page.getByTestId('run-notice')).toHaveText(`resumed from epoch ${savedEpoch} after the page reloaded`);
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 120_000 });
  await expect(offer).toHaveCount(0);
});

test('after a reload every finished run\'s model can still be saved, byte for byte as the engine exported it', async ({ page }, testInfo) => {
  await openStudio(page);
  await setNumber(page, 'Epochs', 3);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 60_000 });
  await page.getByRole('tab', { name: /^Runs/ }).click();
  const saveModel = page.getByRole('button', { name: /^Save the model of Run \d+$/ }).first();
  await expect(saveModel).toBeVisible({ timeout: 30_000 });
  const runName = ((await saveModel.getAttribute('aria-label')) ?? '').replace('Save the model of ', '');

  const savedBytes = async (name: string): Promise<Buffer> => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: `Save the model of ${runName}` }).click();
    const path = testInfo.outputPath(name);
    await (await download).saveAs(path);
    return readFileSync(path);
  };
  const before = await savedBytes('before-reload.model.json');
  await page.waitForTimeout(300); // the run history's save reaches IndexedDB

  await page.reload();
  await expect(page.getByTestId('dataset')).toContainText('iris.csv', { timeout: 30_000 });
  await page.getByRole('tab', { name: /^Runs/ }).click();
  await expect(page.getByRole('button', { name: `Save the model of ${runName}` })).toBeVisible({ timeout: 30_000 });
  const after = await savedBytes('after-reload.model.json');
  expect(after.equals(before)).toBe(true);
  expect(JSON.parse(after.toString('utf8')).format).toBe('backprop-studio/model');
});
