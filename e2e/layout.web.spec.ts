import { expect, test, type Locator, type Page } from '@playwright/test';
import { fixture, openStudio, screenshot, setNumber } from './studio-helpers';

test.use({ viewport: { width: 1440, height: 900 } });

/** The element lies wholly inside the window, and nothing on the page was scrolled to bring it there. */
async function expectInFirstScreen(page: Page, element: Locator): Promise<void> {
  const box = await element.boundingBox();
  expect(box).not.toBeNull();
  const viewport = page.viewportSize()!;
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
  const scrolled = await page.evaluate(() => [window.scrollY, ...[...document.querySelectorAll('.column')].map((c) => c.scrollTop)]);
  expect(scrolled.every((top) => top === 0)).toBe(true);
}

/** The numbers a chart's table lists: per row, x and each series' exact value (data-value). */
async function tableValues(card: Locator): Promise<{ x: number; values: (number | null)[] }[]> {
  return card.getByTestId('chart-table').locator('tbody tr').evaluateAll((rows) => rows.map((row) => ({
    x: Number(row.querySelector('th')!.dataset.x),
    values: [...row.querySelectorAll('td[data-value]')].map((td) => ((td as HTMLElement).dataset.value === '' ? null : Number((td as HTMLElement).dataset.value))),
  })));
}

/** What the chart's canvas says it draws (its first series, thinned as drawn): how many points, the first and last y. */
async function drawnSummary(card: Locator): Promise<{ points: number; firstY: number; lastY: number }> {
  const canvas = card.locator('canvas');
  const read = async (name: string): Promise<number> => Number(await canvas.getAttribute(name));
  return { points: await read('data-drawn-points'), firstY: await read('data-drawn-first-y'), lastY: await read('data-drawn-last-y') };
}

async function trainIrisToTheEnd(page: Page, epochs?: number): Promise<void> {
  await page.getByRole('button', { name: 'Open sample Iris flowers' }).click();
  await expect(page.getByRole('heading', { name: 'Train a neural network on your own data' })).toHaveCount(0);
  if (epochs !== undefined) { // exactly this many epochs: no early stopping (on by default since bench/defaults)
    await setNumber(page, 'Epochs', epochs);
    await setNumber(page, 'Early-stop patience', 0);
  }
  await page.getByTestId('train').click();
  await expect(page.getByTestId('final-accuracy')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('confusion-matrix').locator('tbody tr')).toHaveCount(3);
}

test('at 1440×900 after an iris run the test accuracy and the confusion matrix show without scrolling', async ({ page }) => {
  await openStudio(page);
  await trainIrisToTheEnd(page);
  await expectInFirstScreen(page, page.getByTestId('final-accuracy'));
  await expectInFirstScreen(page, page.getByTestId('confusion-matrix'));
  await expectInFirstScreen(page, page.getByTestId('chart-loss'));
  await screenshot(page, 'layout-1440x900-after-iris');
  // negative control: a short window pushes the matrix below the fold, and the check says so
  await page.setViewportSize({ width: 1440, height: 600 });
  await expect(expectInFirstScreen(page, page.getByTestId('confusion-matrix'))).rejects.toThrow();
});

test('the welcome leaves once a CSV is loaded, before any Train', async ({ page }) => {
  await openStudio(page);
  const welcome = page.getByRole('heading', { name: 'Train a neural network on your own data' });
  await expect(welcome).toBeVisible(); // over the sample opened at start
  await page.getByTestId('csv-input').setInputFiles(fixture('malformed.csv'));
  await expect(page.getByRole('alert')).toContainText('malformed.csv');
  await expect(welcome).toBeVisible(); // a load that failed brought nothing in: the welcome stays
  await page.getByTestId('csv-input').setInputFiles(fixture('customers.csv'));
  await expect(page.getByTestId('dataset')).toContainText('customers.csv', { timeout: 30_000 });
  await expect(welcome).toHaveCount(0);
  await expect(page.getByTestId('state')).toHaveText('ready');
});

test('two errors in a row show in one area that does not push the workspace down; repeats count ×2; dismiss all empties it', async ({ page }) => {
  await openStudio(page);
  const workspaceTop = (await page.locator('main').boundingBox())!.y;
  await page.getByTestId('csv-input').setInputFiles(fixture('malformed.csv'));
  await page.getByTestId('csv-input').setInputFiles(fixture('malformed.csv'));
  await page.getByTestId('model-input').setInputFiles({ name: 'broken.model.json', mimeType: 'application/json', buffer: Buffer.from('{"not": "a model"}') });
  const area = page.getByTestId('error-area');
  await expect(area).toHaveCount(1);
  await expect(area.getByTestId('error-message')).toHaveCount(2);
  await expect(area.getByTestId('error-message').first()).toContainText('broken.model.json'); // newest first
  await expect(area.getByTestId('error-message').nth(1).getByTestId('error-count')).toHaveText('×2');
  expect((await page.locator('main').boundingBox())!.y).toBe(workspaceTop);
  await screenshot(page, 'layout-error-area');
  await area.getByRole('button', { name: 'Dismiss this message' }).first().click();
  await expect(area.getByTestId('error-message')).toHaveCount(1);
  await page.getByTestId('model-input').setInputFiles({ name: 'other.model.json', mimeType: 'application/json', buffer: Buffer.from('[]') });
  await area.getByRole('button', { name: /^Dismiss all/ }).click();
  await expect(area).toBeHidden();
});

test('Train says why it is off, next to it, and the reason goes when the field is fixed', async ({ page }) => {
  await openStudio(page);
  const reason = page.getByTestId('train-blocked');
  await expect(reason).toBeHidden();
  await setNumber(page, 'Learning rate', 0);
  await expect(page.getByTestId('train')).toBeDisabled();
  await expect(reason).toHaveText(/^Fix: learning rate must be/);
  await expect(page.getByTestId('train')).toHaveAttribute('aria-describedby', (await reason.getAttribute('id'))!);
  await setNumber(page, 'Learning rate', 0.01);
  await expect(page.getByTestId('train')).toBeEnabled();
  await expect(reason).toBeHidden();
});

test('each chart\'s table view lists the values the chart draws, with its marks', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await trainIrisToTheEnd(page, 50);
  for (const id of ['chart-loss', 'chart-accuracy', 'chart-batch-loss', 'chart-learning-rate', 'chart-grad-norms']) {
    const card = page.getByTestId(id);
    await card.getByRole('button', { name: /^Table of / }).click();
    const rows = await tableValues(card);
    const drawn = await drawnSummary(card);
    expect(rows.length, id).toBe(drawn.points); // the points the chart draws (a long series thinned to at most 300)
    expect(rows[0].values[0], id).toBe(drawn.firstY);
    expect(rows.at(-1)!.values[0], id).toBe(drawn.lastY);
  }
  // the loss table's last row is the run's final epoch; its best-epoch mark is the one the chart draws
  const lossRows = await tableValues(page.getByTestId('chart-loss'));
  expect(lossRows.at(-1)!.x).toBe(50);
  const best = await page.getByTestId('chart-loss').getByTestId('chart-note').filter({ hasText: /^best / }).textContent();
  expect(best).toMatch(/^best (\d+) at epoch \1$/);
  const bestEpoch = /^best (\d+)/.exec(best!)![1];
  const bestRow = page.getByTestId('chart-loss').getByTestId('chart-table').locator('tbody tr', { has: page.locator(`th[data-x="${bestEpoch}"]`) });
  await expect(bestRow.locator('td').last()).toHaveText(`best ${bestEpoch}`);
  // the live figures line quotes the same last epoch the table lists
  const figures = await page.getByTestId('live-figures').textContent();
  expect(figures).toContain('epoch 50/50');
  expect(figures).toContain(`loss ${Number(lossRows.at(-1)!.values[0]!.toPrecision(4))}`);
  // the gradient chart's table names its bands
  await expect(page.getByTestId('chart-grad-norms').getByTestId('chart-note').filter({ hasText: 'vanishing' })).toHaveCount(1);

  // the learning-rate finder: its table lists each rate it tried, the first being the sweep's start
  await page.getByRole('button', { name: 'Find learning rate' }).click();
  const finderTable = page.getByRole('button', { name: 'Table of the smoothed loss against learning rate' });
  await finderTable.click();
  const finderRows = page.locator('.lr-finder').getByTestId('chart-table').locator('tbody tr');
  expect(await finderRows.count()).toBeGreaterThan(10);
  expect(Number(await finderRows.first().locator('th').getAttribute('data-x'))).toBeCloseTo(1e-6, 12);
  await expect(page.locator('.lr-finder').getByTestId('chart-note')).toContainText('suggested');
  await screenshot(page, 'layout-chart-tables');
});

test('the live figures line changes at most once a second while a run trains', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await setNumber(page, 'Epochs', 20000);
  await setNumber(page, 'Early-stop patience', 0); // a run of several seconds: no early stopping (on by default since bench/defaults)
  await page.evaluate(() => {
    const scope = window as unknown as { figureChanges: number[] };
    scope.figureChanges = [];
    const line = document.querySelector('[data-testid="live-figures"]')!;
    new MutationObserver(() => scope.figureChanges.push(performance.now())).observe(line, { childList: true, characterData: true, subtree: true });
  });
  await page.getByTestId('train').click();
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 150_000 });
  const changes = await page.evaluate(() => (window as unknown as { figureChanges: number[] }).figureChanges);
  expect(changes.length).toBeGreaterThan(2); // a run of several seconds: the line did change while it trained
  const gaps = changes.slice(1).map((t, i) => t - changes[i]);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(950);
  await expect(page.getByTestId('live-figures')).toHaveAttribute('aria-live', 'polite');
});

test('the Runs list shows a new run at once and its "Save the model" button without switching tabs', async ({ page }) => {
  await openStudio(page);
  await page.getByRole('tab', { name: /^Runs/ }).click();
  await setNumber(page, 'Epochs', 2000);
  await setNumber(page, 'Early-stop patience', 0); // a run that waits to be stopped (early stopping once ended it at epoch 193, before the click)
  await page.getByTestId('train').click();
  await expect(page.getByRole('tab', { name: 'Runs (1)' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Runs' }).locator('tbody tr')).toHaveCount(1);
  await page.getByTestId('stop').click();
  await expect(page.getByRole('button', { name: 'Save the model of Run 1' })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('tab', { name: /^Runs/ })).toHaveAttribute('aria-selected', 'true'); // never left the tab
});
