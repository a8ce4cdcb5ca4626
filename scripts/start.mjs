#!/usr/bin/env node
// `npm start`: builds and launches the Electron app on a sample dataset; where no Electron binary is
// installed (these machines cannot download it), says so in one line and points to `npm run web`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The Electron executable's path when it is installed; never triggers a download (require('electron') would). */
function electronBinary() {
  const packageDir = fileURLToPath(new URL('../node_modules/electron/', import.meta.url));
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist'), relative);
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
if (!binary) {
  console.log('No Electron binary is installed here (it could not be downloaded), so the desktop app cannot start: run `npm run web` for the same app in a browser.');
  process.exit(0);
}
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const app = spawnSync(binary, ['.', '--open-sample=iris'], { stdio: 'inherit' });
process.exit(app.status ?? 0);
