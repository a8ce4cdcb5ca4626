import { expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

export const irisPath = fileURLToPath(new URL('../resources/samples/iris.csv', import.meta.url));

/**
 * The shell scenario both projects run: load iris.csv through the file input, train, see metrics
 * arrive, and time a click during training. Returns the measured latencies in ms.
 */
export async function trainIrisAndMeasure(page: Page): Promise<{ pauseClickMs: number; maxEventLoopLagMs: number }> {
  await page.getByTestId('csv-input').setInputFiles(irisPath);
  await expect(page.getByTestId('dataset')).toContainText('iris.csv · 150 rows · classification (3 classes)');
  await expect(page.getByTestId('state')).toHaveText('ready');

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
  await page.getByTestId('train').click();
  await expect(page.getByTestId('state')).toHaveText('training');
  await expect.poll(async () => Number(await page.getByTestId('progress').getAttribute('data-metrics-events'))).toBeGreaterThan(3);
  await expect(page.getByTestId('progress')).toContainText(/epoch \d+\/\d+ · loss \d/);

  // a click during training: from the click to the page showing "paused" (the worker answered)
  const pauseClickMs = await page.evaluate(() => new Promise<number>((resolve) => {
    const state = document.querySelector('[data-testid="state"]')!;
    const button = document.querySelector<HTMLButtonElement>('[data-testid="pause"]')!;
    const started = performance.now();
    new MutationObserver((_, observer) => {
      if (state.textContent === 'paused') { observer.disconnect(); resolve(performance.now() - started); }
    }).observe(state, { childList: true, characterData: true, subtree: true });
    button.click();
  }));
  const maxEventLoopLagMs = await page.evaluate(() => (window as unknown as { maxLag: number }).maxLag);
  return { pauseClickMs, maxEventLoopLagMs };
}
