import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Electron executable when one is installed, else null; never starts a download. */
export function electronBinaryPath(root = process.cwd()): string | null {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist'), readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}
