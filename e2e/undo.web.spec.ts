import { expect, test, type Page } from '@playwright/test';
import { openStudio, screenshot, setNumber } from './studio-helpers';

/** What the designer shows: hidden units, activations, scaling and L2. */
async function shownDesign(page: Page): Promise<{ units: string[]; activations: string[]; scaling: string; l2: string }> {
  const layers = page.getByTestId('hidden-layer');
  const count = await layers.count();
  const units: string[] = [];
  const activations: string[] = [];
  for (let i = 1; i <= count; i++) {
    units.push(await page.getByRole('spinbutton', { name: `Layer ${i} units` }).inputValue());
    activations.push(await page.getByLabel(`Layer ${i} activation`).inputValue());
  }
  return { units, activations, scaling: await page.getByLabel('Scaling').inputValue(), l2: await page.getByRole('spinbutton', { name: 'L2' }).inputValue() };
}

async function trainToEnd(page: Page): Promise<void> {
  await page.getByTestId('train').click();
  await expect(page.getByTestId('state')).toHaveText('done', { timeout: 60_000 });
}

/** Ticks exactly the two runs named in the Runs tab. */
async function compareRuns(page: Page, first: number, second: number): Promise<void> {
  await page.getByRole('tab', { name: /^Runs/ }).click();
  for (const box of await page.getByRole('checkbox', { name: /^Compare Run/ }).all()) await box.uncheck();
  await page.getByLabel(`Compare Run ${first}`).check();
  await page.getByLabel(`Compare Run ${second}`).check();
}

test('undo: five design and data changes undone show the first design, and the next run trains it; redo brings them back', async ({ page }) => {
  await openStudio(page);
  await setNumber(page, 'Epochs', 3);
  await page.getByRole('spinbutton', { name: 'Epochs' }).press('Enter');
  const original = await shownDesign(page);
  await trainToEnd(page); // Run 1: the original design

  await page.getByRole('button', { name: '+ Add layer' }).click();
  await expect(page.getByTestId('undo')).toHaveAttribute('title', /^Undo: add layer 4/);
  await setNumber(page, 'Layer 1 units', 20);
  await page.getByLabel('Layer 2 activation').selectOption('tanh');
  await page.getByLabel('Scaling').selectOption('minmax');
  await setNumber(page, 'L2', 0.001);
  await page.getByRole('spinbutton', { name: 'L2' }).press('Enter'); // committed: the keys are the studio's now
  const changed = await shownDesign(page);
  expect(original).toEqual({ units: ['128', '64', '32'], activations: ['relu', 'relu', 'relu'], scaling: 'standard', l2: '0' });
  expect(changed).toEqual({ units: ['20', '64', '32', '16'], activations: ['relu', 'tanh', 'relu', 'relu'], scaling: 'minmax', l2: '0.001' });
  await expect(page.getByTestId('undo')).toHaveAttribute('title', /^Undo: L2/);

  for (let i = 0; i < 5; i++) await page.keyboard.press('Control+z');
  await expect.poll(() => shownDesign(page)).toEqual(original);
  await expect(page.getByTestId('undo')).toBeEnabled(); // the epochs change before Run 1 stays undoable
  await expect(page.getByTestId('undo')).toHaveAttribute('title', /^Undo: epochs/);
  await expect(page.getByTestId('redo')).toHaveAttribute('title', /^Redo: add layer 4/);
  await trainToEnd(page); // Run 2: what the engine got after the undos
  await compareRuns(page, 1, 2);
  await expect(page.getByText('Same settings (only the run differs).')).toBeVisible();

  await page.getByRole('tab', { name: /^Evaluation/ }).click();
  for (let i = 0; i < 4; i++) await page.keyboard.press('Control+Shift+Z');
  await page.keyboard.press('Control+y');
  await expect.poll(() => shownDesign(page)).toEqual(changed);
  await expect(page.getByTestId('redo')).toBeDisabled();
  await trainToEnd(page); // Run 3: the redone design
  await compareRuns(page, 1, 3);
  const diff = page.getByRole('table', { name: 'Settings diff' });
  await expect(diff).toContainText('4-20-64-32-16-3');
  await expect(diff).toContainText('minmax');
  await expect(diff).toContainText('0.001');
  await screenshot(page, 'undo-1-redone-design-diff');
});

test('undo: a learning-rate change made while paused is undone before Resume, and the resumed run keeps the original rate', async ({ page }) => {
  await openStudio(page);
  await setNumber(page, 'Epochs', 5000);
  await setNumber(page, 'Early-stop patience', 0); // a run that waits to be stopped: no early stopping (on by default since bench/defaults)
  await page.getByTestId('train').click();
  await expect(page.getByTestId('state')).toHaveText('training');
  await expect(page.getByTestId('undo')).toBeDisabled(); // nothing is undone while a run trains
  await expect(page.getByTestId('undo')).toHaveAttribute('title', 'Undo waits until the run ends');
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('state')).toHaveAttribute('data-engine-state', 'paused');
  await expect(page.getByTestId('undo')).toBeDisabled(); // the epochs change belongs to the run's design

  const learningRate = page.getByRole('spinbutton', { name: 'Learning rate' });
  const original = await learningRate.inputValue(); // the settings table's default
  expect(original).not.toBe('0.5');
  await learningRate.fill('0.5');
  await learningRate.press('Enter');
  await expect(page.getByTestId('undo')).toHaveAttribute('title', /^Undo: learning rate/);
  await page.getByTestId('undo').click();
  await expect(learningRate).toHaveValue(original);
  await page.getByTestId('resume').click();
  await expect(page.getByTestId('state')).toHaveText('training');
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('state')).toHaveAttribute('data-engine-state', 'paused');

  // a change that reaches the engine (Resume) is no longer undoable: the run's record lists it
  await learningRate.fill('0.002');
  await learningRate.press('Enter');
  await page.getByTestId('resume').click();
  await expect(page.getByTestId('state')).toHaveText('training');
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('state')).toHaveText('done');
  await page.getByRole('tab', { name: /^Runs/ }).click();
  const row = page.getByRole('row', { name: /Run 1/ });
  await expect(row).toContainText(`lr ${original} ·`); // the run started at the original rate
  await expect(row).toContainText('lr 0.002'); // the one resumed change
  await expect(row).not.toContainText('lr 0.5'); // the undone change never reached the engine
  await screenshot(page, 'undo-2-paused-change');
});

test('undo: typing in a field is undone by the field itself until it is committed', async ({ page }) => {
  await openStudio(page);
  const units = page.getByRole('spinbutton', { name: 'Layer 1 units' });
  await units.fill('20');
  await page.keyboard.press('Control+z'); // the browser's text undo inside the field
  await expect(units).toHaveValue('128');
  await expect(page.getByTestId('undo')).toBeDisabled();
  await units.fill('30');
  await units.press('Enter');
  await page.keyboard.press('Control+z'); // committed: the studio's undo
  await expect(units).toHaveValue('128');
  await expect(page.getByTestId('redo')).toHaveAttribute('title', /^Redo: layer 1 units/);
});

test('undo: the buttons are named Undo and Redo, and only their description names the action', async ({ page }) => {
  await openStudio(page);
  await page.getByLabel('Initialization').selectOption('he');
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  await expect(undo).toHaveAccessibleDescription(/^Undo: initialization/);
  await expect(page.getByLabel('Initialization')).toHaveCount(1); // the field's label matches the field alone
  await undo.click();
  await expect(page.getByLabel('Initialization')).toHaveValue('auto');
  await expect(page.getByRole('button', { name: 'Redo', exact: true })).toHaveAccessibleDescription(/^Redo: initialization/);
});
