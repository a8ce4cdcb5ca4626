import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const fixture = (name: string): string => fileURLToPath(new URL(`../test/fixtures/studio/${name}`, import.meta.url));

/** Where the studio scenarios leave their screenshots (looked at by a person after each run). */
export const screenshotDir = fileURLToPath(new URL('../test-results/studio/', import.meta.url));

/**
 * The chart worker draws in rounds (100 ms apart at least, longer after a costly round: charts/draw-pacing.ts), so a
 * chart made or fed just before may not show its points yet: the picture waits for the next round.
 */
const CHART_ROUND_WAIT_MS = 600;

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(CHART_ROUND_WAIT_MS);
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: false });
}

/** Opens the page and waits until iris (loaded at start) is ready to train. */
export async function openStudio(page: Page, path = '/'): Promise<void> {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(path);
  await expect(page.getByTestId('dataset')).toContainText('iris.csv', { timeout: 30_000 });
  await expect(page.getByTestId('state')).toHaveText('ready');
  expect(problems).toEqual([]);
}

/** Loads the MNIST 10k sample from the Samples menu and waits until it is ready to train. */
export async function loadMnist(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Samples' }).selectOption('mnist');
  await expect(page.getByTestId('dataset')).toContainText('mnist-10k.csv · 10,000 rows', { timeout: 120_000 });
  await expect(page.getByTestId('state')).toHaveText('ready');
}

/** Sets a number field by its accessible name. */
export async function setNumber(page: Page, label: string | RegExp, value: number | string): Promise<void> {
  const field = page.getByRole('spinbutton', { name: label });
  await field.fill(String(value));
}

export async function finalAccuracy(page: Page): Promise<number> {
  const text = await page.getByTestId('final-accuracy').textContent({ timeout: 60_000 });
  return Number(text?.replace('%', '')) / 100;
}
