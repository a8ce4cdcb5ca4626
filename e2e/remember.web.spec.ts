import { expect, test, type Page } from '@playwright/test';
import { fixture, openStudio, setNumber } from './studio-helpers';

test.use({ viewport: { width: 1600, height: 1000 } });

/** The remembered work as the page stored it in IndexedDB (null before the first save). */
type StoredWork = { last: { design: { network: { hidden: { units: number; activation: string }[] }; data: { choices: { target: string } } } } | null };

async function storedWork(page: Page): Promise<StoredWork | null> {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('backprop-studio');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const read = open.result.transaction('kv', 'readonly').objectStore('kv').get('backprop-studio:work');
      read.onsuccess = () => { resolve(read.result ?? null); open.result.close(); };
      read.onerror = () => reject(read.error);
    };
  }));
}

/** Loads customers.csv, chooses owns_car as the target and a design of its own: two layers, the first of 48 tanh units. */
async function workOnCustomers(page: Page): Promise<void> {
  await page.getByTestId('csv-input').setInputFiles(fixture('customers.csv'));
  await expect(page.getByTestId('dataset')).toContainText('customers.csv', { timeout: 30_000 });
  await page.getByLabel('Target', { exact: true }).selectOption('owns_car');
  await expect(page.getByTestId('dataset')).toContainText('target owns_car');
  await page.getByRole('button', { name: 'Remove layer 3' }).click();
  await page.getByLabel('Layer 1 activation').selectOption('tanh');
  await setNumber(page, 'Layer 1 units', 48);
  await expect(page.getByTestId('hidden-layer')).toHaveCount(2);
  // saved a moment after the last change
  await expect.poll(async () => {
    const design = (await storedWork(page))?.last?.design;
    return design ? `${design.data.choices.target} ${design.network.hidden.length} ${design.network.hidden[0].units} ${design.network.hidden[0].activation}` : null;
  }, { timeout: 10_000 }).toBe('owns_car 2 48 tanh');
}

test('after a reload the same dataset, target and design come back with a note; Start fresh returns to the sample', async ({ page }) => {
  await openStudio(page);
  await expect(page.getByTestId('restored-note')).toHaveCount(0);
  await workOnCustomers(page);

  await page.reload();
  const note = page.getByTestId('restored-note');
  await expect(note).toContainText('Restored customers.csv, target owns_car, 2 layers', { timeout: 30_000 });
  await expect(page.getByTestId('dataset')).toContainText('customers.csv');
  await expect(page.getByTestId('dataset')).toContainText('target owns_car');
  await expect(page.getByTestId('hidden-layer')).toHaveCount(2);
  await expect(page.getByLabel('Layer 1 activation')).toHaveValue('tanh');
  await expect(page.getByRole('spinbutton', { name: 'Layer 1 units' })).toHaveValue('48');
  await expect(page.getByTestId('state')).toHaveText('ready');

  await note.getByRole('button', { name: 'Start fresh' }).click();
  await expect(page.getByTestId('dataset')).toContainText('iris.csv', { timeout: 30_000 });
  await expect(page.getByTestId('hidden-layer')).toHaveCount(3);
  await expect(page.getByLabel('Layer 1 activation')).toHaveValue('relu');
  await expect(note).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId('dataset')).toContainText('iris.csv', { timeout: 30_000 });
  await expect(page.getByTestId('state')).toHaveText('ready');
  await expect(page.getByTestId('restored-note')).toHaveCount(0);
});

test('the target is remembered per file: the same CSV opened again after another brings its target back', async ({ page }) => {
  await openStudio(page);
  await workOnCustomers(page);
  await page.getByTestId('csv-input').setInputFiles(fixture('xor.csv'));
  await expect(page.getByTestId('dataset')).toContainText('xor.csv', { timeout: 30_000 });
  await page.getByTestId('csv-input').setInputFiles(fixture('customers.csv'));
  await expect(page.getByTestId('dataset')).toContainText('target owns_car', { timeout: 30_000 });
  await expect(page.getByTestId('restored-note')).toContainText('Restored the choices you made for customers.csv, target owns_car, 2 layers');
});

test('a change made just before a reload is kept (saved as the page goes away)', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('csv-input').setInputFiles(fixture('customers.csv'));
  await expect(page.getByTestId('dataset')).toContainText('customers.csv', { timeout: 30_000 });
  await expect.poll(async () => (await storedWork(page))?.last?.design.data.choices.target ?? null, { timeout: 10_000 }).not.toBeNull();
  await page.getByRole('button', { name: 'Remove layer 3' }).click();
  await page.reload(); // at once: within the save's delay
  await expect(page.getByTestId('restored-note')).toContainText('Restored customers.csv', { timeout: 30_000 });
  await expect(page.getByTestId('hidden-layer')).toHaveCount(2);
});
