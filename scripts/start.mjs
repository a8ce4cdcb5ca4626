#!/usr/bin/env node
// `npm start`: builds and launches the Electron app on a sample dataset. Where no Electron binary is installed
// (these machines cannot download it), says so in one line and serves the same app as a web page instead,
// printing its URL; options after `npm start --` go to that server (--port N, --no-build, --out-dir DIR).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { isMainScript, serveWeb, webOptions } from './web.mjs';

/**
 * The Electron executable's path when it is installed, else null; never triggers a download (require('electron')
 * would). Found as electron's own index.js finds it: path.txt names it inside dist/ or $ELECTRON_OVERRIDE_DIST_PATH.
 */
export function electronBinary() {
  const packageDir = fileURLToPath(new URL('../node_modules/electron/', import.meta.url));
  const pathFile = join(packageDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : override ? 'electron' : null;
  if (relative === null) return null;
  const binary = join(override ?? join(packageDir, 'dist'), relative);
  return existsSync(binary) ? binary : null;
}

/** The desktop app: electron-vite's build, then the binary on the iris sample; exits with the app's status. */
function startDesktop(binary) {
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const app = spawnSync(binary, ['.', '--open-sample=iris'], { stdio: 'inherit' });
  process.exit(app.status ?? 0);
}

if (isMainScript(import.meta.url)) {
  const binary = electronBinary();
  if (binary) startDesktop(binary);
  else {
    console.log('No Electron binary is installed here (it could not be downloaded), so the studio starts as a web page instead (the same app, engine in a Web Worker); Ctrl-C stops it.');
    const { url } = await serveWeb(webOptions(process.argv.slice(2)));
    console.log(`Backprop Studio (web) at ${url}`);
  }
}
