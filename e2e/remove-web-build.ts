// After the whole e2e run: the page's build folder (playwright.config.ts's WEB_BUILD_DIR, in the temp folder) goes.
import { rmSync } from 'node:fs';
import { basename } from 'node:path';

export default function removeWebBuild(): void {
  const dir = process.env.WEB_BUILD_DIR;
  // only the folder the config named for this run: never a path someone set to something else
  if (dir && basename(dir).startsWith('backprop-web-e2e-')) rmSync(dir, { recursive: true, force: true });
}
