import { expect, test } from '@playwright/test';
import { openStudio, screenshot } from './studio-helpers';

test('while a run is active the target cannot be changed by pointer or keys, and it can again once the run ends', async ({ page }) => {
  await openStudio(page);
  const target = page.getByLabel('Target', { exact: true });
  const chosen = await target.inputValue();
  await page.getByTestId('train').click();
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('state')).toHaveText('paused');

  // locked: it reads as disabled, is out of the tab order, and neither a click nor the keys that change a select move it
  await expect(target).toBeDisabled();
  await expect(page.getByLabel('Scaling')).toBeDisabled(); // the other data choices, as before
  await expect(target).toHaveAttribute('tabindex', '-1');
  await target.click({ force: true });
  await expect(target).not.toBeFocused(); // the pointer's press was refused: no menu, no focus
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
