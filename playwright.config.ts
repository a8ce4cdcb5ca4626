import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/** Debian's Chromium (CHROMIUM_PATH, /usr/bin/chromium) or, failing both, Playwright's own browser. */
function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter(Boolean) as string[];
  return candidates.find((path) => existsSync(path));
}

const WEB_PORT = Number(process.env.WEB_PORT ?? 5187);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 120_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  // the web page is built once and served on 127.0.0.1 (scripts/web.mjs), like `npm run web`
  webServer: {
    command: `node scripts/web.mjs --port ${WEB_PORT}`,
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
