import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's Chromium (CHROMIUM_PATH, /usr/bin/chromium) or, failing both, Playwright's own browser. */
function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter(Boolean) as string[];
  return candidates.find((path) => existsSync(path));
}

// one port and build folder per run (set once by the runner, inherited by its workers), so runs side by side do not collide
process.env.WEB_PORT ??= String(5200 + (process.pid % 700));
const WEB_PORT = Number(process.env.WEB_PORT);
// the page's build for this run, removed when the run ends (e2e/remove-web-build.ts): each run built 4.7 MB into the temp folder and left it
process.env.WEB_BUILD_DIR ??= join(tmpdir(), `backprop-web-e2e-${WEB_PORT}`);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 120_000,
  workers: 1,
  globalTeardown: './e2e/remove-web-build.ts',
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  // the web page is built once and served on 127.0.0.1 (scripts/web.mjs), like `npm run web`
  webServer: {
    command: `node scripts/web.mjs --port ${WEB_PORT} --out-dir ${process.env.WEB_BUILD_DIR}`,
    url: `http://127.0.0.1:${WEB_PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
  },
  projects: [
    {
      name: 'web',
      testMatch: /.*\.web\.spec\.ts/,
      use: {
        baseURL: `http://127.0.0.1:${WEB_PORT}/`,
        launchOptions: {
          executablePath: chromiumPath(),
          args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync'],
        },
      },
    },
    {
      // the same scenario in the desktop app; skips (with the reason) where no Electron binary exists
      name: 'electron',
      testMatch: /.*\.electron\.spec\.ts/,
    },
  ],
});
