import { expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

export const irisPath = fileURLToPath(new URL('../resources/samples/iris.csv', import.meta.url));

/** The engine's own state as the page last heard it (the phase text may answer a click before the engine does). */
const engineState = (page: Page) => page.getByTestId('state');

/**
 * The shell scenario both projects run: load iris.csv through the page's file input, train, see
 * metrics arrive, and time a click during training until the engine has answered it.
 */
/** Opens iris.csv the way a user does in a browser: Open CSV… then the page's file chooser. */
export async function openIrisThroughFileChooser(page: Page): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: /Open CSV/ }).first().click();
  await (await chooser).setFiles(irisPath);
}

export async function trainIrisAndMeasure(page: Page, openIris: (page: Page) => Promise<void> = openIrisThroughFileChooser): Promise<{ pauseClickMs: number; pauseShownMs: number; maxEventLoopLagMs: number; metricsEvents: number }> {
  await openIris(page);
  await expect(page.getByTestId('dataset')).toContainText(/iris\.csv · 150 rows/);
  await expect(engineState(page)).toHaveAttribute('data-engine-state', 'ready');

  // watch the page's own event loop while training runs (a 16 ms timer that reports how late it fires)
  await page.evaluate(() => {
    const scope = window as unknown as { maxLag: number };
    scope.maxLag = 0;
    let expected = performance.now() + 16;
    const tick = (): void => {
      scope.maxLag = Math.max(scope.maxLag, performance.now() - expected);
      expected = performance.now() + 16;
      setTimeout(tick, 16);
    };
    setTimeout(tick, 16);
  });

  await page.getByTestId('epochs').fill('100000'); // long enough to pause mid-run
  await page.getByRole('spinbutton', { name: 'Early-stop patience' }).fill('0'); // a run that waits to be paused: no early stopping (on by default since bench/defaults)
  await page.getByTestId('train').click();
  await expect(engineState(page)).toHaveAttribute('data-engine-state', 'training');
  const metricsEvents = (): Promise<number> => page.getByTestId('progress').getAttribute('data-metrics-events').then(Number);
  await expect.poll(metricsEvents).toBeGreaterThan(5);
  await expect(page.getByTestId('progress')).toContainText(/epoch \d+\/100000/);

  // a click during training: from the click to the engine's "paused" reaching the page
  const { pauseClickMs, pauseShownMs } = await page.evaluate(() => new Promise<{ pauseClickMs: number; pauseShownMs: number }>((resolve) => {
    const state = document.querySelector('[data-testid="state"]')!;
    const button = document.querySelector<HTMLButtonElement>('[data-testid="pause"]')!;
    const started = performance.now();
    let pauseShownMs = NaN;
    new MutationObserver((_, observer) => {
      if (Number.isNaN(pauseShownMs) && state.textContent?.trim() === 'paused') pauseShownMs = performance.now() - started;
      if (state.getAttribute('data-engine-state') === 'paused') { observer.disconnect(); resolve({ pauseClickMs: performance.now() - started, pauseShownMs }); }
    }).observe(state, { attributes: true, attributeFilter: ['data-engine-state'], childList: true, characterData: true, subtree: true });
    button.click();
  }));
  const maxEventLoopLagMs = await page.evaluate(() => (window as unknown as { maxLag: number }).maxLag);
  return { pauseClickMs, pauseShownMs, maxEventLoopLagMs, metricsEvents: await metricsEvents() };
}
