import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = new URL('../../src/', import.meta.url).pathname;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : /\.ts$/.test(path) && !path.endsWith('.d.ts') ? [path] : [];
  });
}

const importsOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+'([^']+)'/g)].map((m) => m[1]);

/** Where each folder's code may reach: a relative path into these folders, or these packages. */
const allowed: Record<string, { folders: string[]; packages: RegExp }> = {
  'engine-host': { folders: ['engine', 'engine-host', 'shared'], packages: /^zod$/ }, // runs in a Web Worker too: no Node
  shared: { folders: ['engine', 'shared'], packages: /^zod$/ },
  preload: { folders: ['preload', 'shared'], packages: /^electron$/ }, // bundled into one sandboxed file
  'renderer/host': { folders: ['renderer', 'shared', 'engine-host'], packages: /^$/ },
  'node-host': { folders: ['engine', 'node-host'], packages: /^node:/ }, // the CLI's and the utility process's Node-only code
};

describe('the shell layers import only what their runtime has', () => {
  it.each(Object.keys(allowed))('src/%s reaches only its allowed folders and packages', (folder) => {
    const offenders = tsFiles(join(src, folder)).flatMap((file) => importsOf(file).filter((spec) => {
      if (!spec.startsWith('.')) return !allowed[folder].packages.test(spec);
      const target = join(file, '..', spec).slice(src.length);
      return !allowed[folder].folders.some((ok) => target === ok || target.startsWith(`${ok}/`));
    }).map((spec) => `${file.slice(src.length)}: ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('the check notices a Node import in the engine host (negative control)', () => {
    const spec = 'node:fs';
    expect(allowed['engine-host'].packages.test(spec)).toBe(false);
  });

  it('the check notices the renderer reaching src/node-host (negative control)', () => {
    expect(allowed['renderer/host'].folders.some((ok) => 'node-host/fast-kernels.ts'.startsWith(`${ok}/`))).toBe(false);
  });
});
