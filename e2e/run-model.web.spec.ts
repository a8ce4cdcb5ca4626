import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { loadMnist, openStudio, screenshot, setNumber } from './studio-helpers';

test.use({ viewport: { width: 1600, height: 1000 } });

type Scope = { longTasks: { startedAt: number; duration: number }[]; doneAt?: number; modelShownAt?: number };

test('an MNIST run\'s model reaches the Runs list with no long task on the page from the run\'s end, and saves as the engine wrote it', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await openStudio(page);
  await loadMnist(page);
  await setNumber(page, 'Epochs', 1);
  await page.getByRole('tab', { name: /^Runs/ }).click();

  await page.evaluate(() => {
    const scope = window as unknown as Scope;
    scope.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) scope.longTasks.push({ startedAt: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
  });
  // negative control: the observer must see a task we make long on purpose, or an empty list below would prove nothing
  await page.evaluate(() => { setTimeout(() => { const until = performance.now() + 80; while (performance.now() < until) { /* busy */ } }, 0); });
  await expect.poll(() => page.evaluate(() => (window as unknown as Scope).longTasks.length)).toBeGreaterThan(0);
  await page.evaluate(() => {
    const scope = window as unknown as Scope;
    scope.longTasks = [];
    // the run's end (the state reads "done"), and the moment its row offers the model
    const state = document.querySelector('[data-testid="state"]')!;
    new MutationObserver(() => {
      if (state.textContent === 'done') scope.doneAt ??= performance.now();
      if (document.querySelector('[aria-label="Save the model of Run 1"]')) scope.modelShownAt ??= performance.now();
    }).observe(document.body, { childList: true, characterData: true, subtree: true });
  });

  await page.getByTestId('train').click();
  const saveModel = page.getByRole('button', { name: 'Save the model of Run 1' });
  await expect(saveModel).toBeVisible({ timeout: 240_000 });
  await page.waitForTimeout(300); // a task that began before the row showed may still be running
  const { doneAt, modelShownAt, tasks } = await page.evaluate(() => {
    const scope = window as unknown as Scope;
    return { doneAt: scope.doneAt!, modelShownAt: scope.modelShownAt!, tasks: scope.longTasks };
  });
  const afterEnd = tasks.filter((t) => t.startedAt + t.duration >= doneAt);
  console.log(`run end → model in the Runs list: ${(modelShownAt - doneAt).toFixed(0)} ms; long tasks from the end: ${
    afterEnd.map((t) => `${t.duration.toFixed(0)} ms at +${(t.startedAt - doneAt).toFixed(0)} ms`).join(', ') || 'none'}`);
  expect(modelShownAt).toBeGreaterThan(doneAt);
  expect(afterEnd).toEqual([]); // every longtask entry is ≥ 50 ms

  await expect(saveModel).toHaveAttribute('title', /^mnist-10k\.model\.json · \d+\.\d MB$/);
  await screenshot(page, '8-runs-with-model');
  const download = page.waitForEvent('download');
  await saveModel.click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('mnist-10k.model.json');
  const path = testInfo.outputPath('mnist-10k.model.json');
  await saved.saveAs(path);
  const model = JSON.parse(readFileSync(path, 'utf8'));
  expect(model.spec.inputSize).toBe(673); // MNIST's 28×28 pixels, constant ones dropped
  expect(model.data.name).toBe('mnist-10k.csv');
});
