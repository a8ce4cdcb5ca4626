import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { finalAccuracy, openStudio, screenshot } from './studio-helpers';

test.use({ viewport: { width: 1600, height: 1000 } });

test('import: a trained iris model exported as JSON opens after a reload, predicts a row, continues training; a malformed file names its field', async ({ page }, testInfo) => {
  await openStudio(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 60_000 });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export model' }).click();
  const modelPath = testInfo.outputPath('iris.model.json');
  await (await download).saveAs(modelPath);
  const model = JSON.parse(readFileSync(modelPath, 'utf8'));
  expect(model.metrics.accuracy).toBeGreaterThanOrEqual(0.9);

  // a fresh page: nothing trained, iris loaded again
  await openStudio(page);
  await expect(page.getByRole('button', { name: 'Export model' })).toBeDisabled();
  await page.getByTestId('model-input').setInputFiles(modelPath);
  const card = page.getByRole('region', { name: 'Imported model' });
  await expect(card).toContainText('iris.model.json');
  const hidden = model.spec.hidden.map((h: { units: number; activation: string }) => `${h.units} ${h.activation}`).join(' → ');
  await expect(page.getByTestId('imported-spec')).toHaveText(`4 in → ${hidden} → 3 softmax`);
  await expect(card.getByRole('definition').first()).toBeVisible();
  await expect(card).toContainText('accuracy');
  await expect(card).toContainText('classification of species (3 classes) · 4 input columns');
  await expect(card).toContainText('learning rate');
  await expect(card).toContainText('Trained on iris.csv, 150 rows');
  await expect(page.getByTestId('state')).toHaveText('done');

  // the Predict tab is open, with one field per column of the model
  await expect(page.getByRole('tab', { name: 'Predict' })).toHaveAttribute('aria-selected', 'true');
  for (const [column, value] of [['sepal_length', '7.7'], ['sepal_width', '3.0'], ['petal_length', '6.1'], ['petal_width', '2.3']]) {
    await page.getByLabel(`Input ${column}`).fill(value);
  }
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await expect(page.getByTestId('prediction-result')).toContainText('virginica');
  await page.getByTestId('imported-model').scrollIntoViewIfNeeded();
  await screenshot(page, 'import-1-model-predicted');

  // a model file with a string among its weights: the engine names the field, the imported model stays
  const broken = structuredClone(model);
  broken.layers[0].bias[1] = 'oops';
  const brokenPath = testInfo.outputPath('broken.model.json');
  writeFileSync(brokenPath, JSON.stringify(broken));
  await page.getByTestId('model-input').setInputFiles(brokenPath);
  const alert = page.getByRole('alert').filter({ hasText: 'broken.model.json' });
  await expect(alert).toContainText('Could not import broken.model.json');
  await expect(alert).toContainText('layers.0.bias.1');
  await expect(alert).toContainText('iris.model.json stays imported');
  await expect(card).toContainText('iris.model.json');
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await expect(page.getByTestId('prediction-result')).toContainText('virginica');
  await screenshot(page, 'import-2-malformed-model');

  // continue training the imported weights on iris (same data, same choices)
  const runsBefore = Number((await page.getByRole('tab', { name: /^Runs/ }).textContent())?.match(/\d+/)?.[0]);
  await page.getByRole('button', { name: 'Continue training' }).click();
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Evaluation' }).click();
  expect(await finalAccuracy(page)).toBeGreaterThanOrEqual(0.9);
  await expect(page.getByRole('alert').filter({ hasText: 'Could not continue' })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: `Runs (${runsBefore + 1})` })).toBeVisible();
  await screenshot(page, 'import-3-continued');
});
