import { expect, test } from '@playwright/test';
import { loadMnist, openStudio, screenshot } from './studio-helpers';

test('while a run is active the target cannot be changed by pointer or keys, and it can again once the run ends', async ({ page }) => {
  await openStudio(page);
  const target = page.getByLabel('Target', { exact: true });
  const chosen = await target.inputValue();
  await page.getByTestId('train').click();
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('state')).toHaveText('paused');

  // locked: neither a click nor the keys that change a select move it
  await expect(target).toBeDisabled();
  await expect(page.getByLabel('Scaling')).toBeDisabled(); // the other data choices too
  await target.click({ force: true });
  await expect(target).not.toBeFocused();
  await target.focus();
  for (const key of ['Home', 'ArrowUp', 'PageUp', 's', 'Enter']) await page.keyboard.press(key);
  await expect(target).toHaveValue(chosen);
  await screenshot(page, 'data-lock-paused');

  // the control: the same keys move it once the run has ended
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('state')).toHaveText('done');
  await expect(target).toBeEnabled();
  await target.focus();
  await page.keyboard.press('Home');
  await expect(target).not.toHaveValue(chosen);
});

test('a file of 785 columns (MNIST) takes its target typed from a list: a name that is no column says so and the target stays; a run locks it', async ({ page }) => {
  test.setTimeout(300_000);
  await openStudio(page);
  await loadMnist(page);
  const target = page.getByLabel('Target', { exact: true });
  await expect(target).toHaveAttribute('list', 'target-columns');
  expect(await page.locator('#target-columns option').count()).toBe(785);
  await expect(target).toHaveValue('label');

  await target.fill('no such column');
  await target.press('Enter');
  await expect(page.getByTestId('target-problem')).toHaveText('"no such column" is not a column of this file; pick one from the list.');
  await expect(target).toHaveValue('label');
  await expect(page.getByTestId('dataset')).toContainText('target label');

  await page.getByTestId('train').click();
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('state')).toHaveText('paused');
  await expect(target).toBeDisabled();
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('state')).toHaveText('done');
  await expect(target).toBeEnabled();

  // the control: a column's name (in other letter case) is taken, and the data is prepared for it
  await target.fill('PX400');
  await target.press('Enter');
  await expect(page.getByTestId('dataset')).toContainText('target px400', { timeout: 60_000 });
  await expect(target).toHaveValue('px400');
  await expect(page.getByTestId('target-problem')).toHaveCount(0);
});
