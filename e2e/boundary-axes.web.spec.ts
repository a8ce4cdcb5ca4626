import { expect, test } from '@playwright/test';
import { loadMnist, openStudio, screenshot, setNumber } from './studio-helpers';

test.use({ viewport: { width: 1600, height: 1000 } });

test('with 673 numeric inputs (MNIST) the boundary\'s axes are typed from a list; a name that is no input says so and the axis stays', async ({ page }) => {
  test.setTimeout(300_000);
  await openStudio(page);
  await loadMnist(page);
  await setNumber(page, 'Epochs', 1);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 120_000 });
  await page.evaluate(() => {
    const scope = window as unknown as { longTasks: number[] };
    scope.longTasks = [];
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) scope.longTasks.push(entry.duration); }).observe({ type: 'longtask' });
  });
  await page.getByRole('tab', { name: 'Boundary' }).click();
  const grid = page.getByTestId('boundary-grid');
  await expect(grid).toHaveAttribute('aria-label', /over px\d+ and px\d+/, { timeout: 30_000 });
  await page.waitForTimeout(500);
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  console.log(`opening the boundary with 673 inputs: long tasks ${longTasks.map((d) => d.toFixed(0)).join(', ') || 'none'}`);

  const x = page.getByLabel('Boundary x column');
  await expect(x).toHaveAttribute('list', 'boundary-columns');
  expect(await page.locator('#boundary-columns option').count()).toBe(673);
  await x.fill('px400');
  await x.press('Enter');
  await expect(grid).toHaveAttribute('aria-label', /over px400 and /);
  await expect(page.getByTestId('boundary-axis-problem')).toHaveCount(0);

  // the target is no input: refused with a message, the axis stays px400 (control: px400 was taken above)
  await x.fill('label');
  await x.press('Enter');
  await expect(page.getByTestId('boundary-axis-problem')).toHaveText('"label" is not a numeric input column; pick one from the list.');
  await expect(x).toHaveValue('px400');
  await expect(grid).toHaveAttribute('aria-label', /over px400 and /);
  await screenshot(page, 'boundary-typed-axes');
});
