import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { electronBinaryPath } from './electron-binary';
import { irisPath, trainIrisAndMeasure } from './shell-scenario';

const binary = electronBinaryPath();

test.skip(!binary, 'no Electron binary is installed on this machine (it cannot be downloaded here); the web project runs the same scenario');

test('the desktop app trains iris chosen in the open dialog and answers a click within 100 ms while training', async () => {
  test.skip(!existsSync('out/main/index.js'), 'run `npm run build` first: out/main/index.js is missing');
  const app = await electron.launch({ executablePath: binary!, args: ['.'] });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { name: /Backprop Studio/ })).toBeVisible();
    // the native open dialog answers with iris.csv; the path goes to the utility process, which reads it
    await app.evaluate(({ dialog }, path) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [path] })) as typeof dialog.showOpenDialog;
    }, irisPath);
    const { pauseShownMs, pauseClickMs } = await trainIrisAndMeasure(page, (p) => p.getByRole('button', { name: /Open CSV/ }).first().click());
    expect(pauseShownMs).toBeLessThan(100);
    expect(pauseClickMs).toBeLessThan(1000);
  } finally {
    await app.close();
  }
});
