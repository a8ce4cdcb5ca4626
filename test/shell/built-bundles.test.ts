/**
 * Static checks over what ships: the desktop build (out/), the web build (dist-web/), and the
 * electron-builder package made offline from a stand-in Electron (a script carrying a fuse wire).
 */
import { listPackage } from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Network, Trainer, defaultTrainSettings, type WasmKernels } from '../../src/engine';
import { enableFastKernels } from '../../src/node-host';

const root = new URL('../../', import.meta.url).pathname;
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const filesIn = (dir: string, pattern: RegExp): string[] => readdirSync(join(root, dir)).filter((f) => pattern.test(f)).map((f) => `${dir}/${f}`);

function run(command: string, args: string[], env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Modules a sandboxed preload may require (Electron's sandbox polyfills these and nothing else). */
const SANDBOXED_PRELOAD_MODULES = new Set(['electron', 'electron/renderer', 'electron/common', 'events', 'timers', 'url']);
const NO_EVAL = /\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(\s*["'`]/;

beforeAll(() => {
  run('npx', ['electron-vite', 'build', '--logLevel', 'warn']);
  run('npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn']);
}, 300_000);

describe('the built bundles', () => {
  it('the preload is one CommonJS file that requires only modules a sandboxed preload may', () => {
    const preload = read('out/preload/index.cjs');
    const required = [...preload.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(required).toContain('electron');
    expect(required.filter((name) => !SANDBOXED_PRELOAD_MODULES.has(name))).toEqual([]);
    expect(preload).not.toMatch(/^\s*import\s|\bimport\(/m);
    expect(readdirSync(join(root, 'out/preload'))).toEqual(['index.cjs']);
  });

  it.each(['out/renderer', 'dist-web'])('the page bundle in %s has no eval( and no new Function', (dir) => {
    const pageScripts = filesIn(`${dir}/assets`, /^index-.*\.js$/);
    expect(pageScripts.length).toBeGreaterThan(0);
    for (const file of pageScripts) expect(NO_EVAL.exec(read(file))?.[0] ?? null, file).toBeNull();
  });

  it('the eval check catches an eval (negative control)', () => {
    expect(NO_EVAL.test('x=1;new Function("return 1")')).toBe(true);
    expect(NO_EVAL.test('window.eval ( "1" )')).toBe(true);
    expect(NO_EVAL.test('return Function(``),!0')).toBe(true);
  });

  it('the engine worker runs zod without its eval-based compiler (jitless)', () => {
    const [worker] = filesIn('out/renderer/assets', /^engine\.worker-.*\.js$/);
    expect(read(worker)).toMatch(/jitless:\s*(true|!0)/);
  });

  it.each(['out/renderer/index.html', 'dist-web/index.html'])('%s carries a CSP meta without unsafe-inline or unsafe-eval', (file) => {
    const html = read(file);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toBeDefined();
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\s\*/);
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
    expect(csp).toMatch(/default-src 'self'/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/\sstyle=/); // no inline style attribute
  });

  it('main and the utility entry import only Electron, Node built-ins and their own chunks (the asar has no node_modules)', () => {
    for (const file of ['out/main/index.js', 'out/main/utility.js', 'out/main/kernel-helper.js']) {
      // one ES import statement per line (embedded Python/JS code in template strings has no quoted module on its import lines)
      const imports = [...read(file).matchAll(/(?:^|\n)import\s(?:[^'"\n;]*\sfrom\s*)?["']([^'"\n]+)["'];?/g)].map((m) => m[1]);
      expect(imports.filter((name) => name !== 'electron' && !name.startsWith('node:') && !name.startsWith('./')), file).toEqual([]);
    }
  });

  describe('the utility process\'s kernel helper thread', () => {
    it('the utility entry starts its helper from kernel-helper.js beside it', () => {
      expect(read('out/main/utility.js')).toMatch(/new URL\(["']\.\/kernel-helper\.js["'], import\.meta\.url\)/);
    });

    it('out/main/kernel-helper.js serves a big network\'s second thread under plain Node, bit for bit as one thread', () => {
      const spec = { inputSize: 200, hidden: [{ units: 256, activation: 'relu' as const, dropout: 0 }], output: { units: 3, activation: 'softmax' as const }, init: 'auto' as const };
      const rows = 1024;
      const features = Float32Array.from({ length: rows * 200 }, (_, i) => Math.sin(i * 0.37));
      const data = { features, targets: Float32Array.from({ length: rows }, (_, r) => (features[r * 200] > 0 ? 1 : r % 3)), rows, inputSize: 200, targetSize: 1 };
      const train = (net: Network): Buffer => {
        new Trainer(net, { ...defaultTrainSettings, epochs: 2, batchSize: 128, seed: 2 }, data).run();
        return Buffer.from(Float32Array.from(net.params).buffer);
      };
      const oneThread = train(new Network(spec, { startHelper: enableFastKernels({ threads: 1, helperEntry: pathToFileURL(join(root, 'out/main/kernel-helper.js')) }) }));
      const startHelper = enableFastKernels({ threads: 2, helperEntry: pathToFileURL(join(root, 'out/main/kernel-helper.js')) });
      const net = new Network(spec, { startHelper }), kernels = net.kernels as WasmKernels;
      try {
        expect(kernels.threads).toBe(2);
        expect(kernels.waitForHelper(30_000), 'the bundled helper started').toBe(true);
        expect(train(net).equals(oneThread)).toBe(true);
        expect(kernels.helperJobs, 'jobs the bundled helper ran').toBeGreaterThan(0);
      } finally {
        kernels.stopThreads();
      }
    });
  });

  it('the web build ships the sample datasets beside the page', () => {
    expect(readdirSync(join(root, 'dist-web/samples')).sort()).toEqual(['digits-8x8.csv', 'iris.csv', 'mnist-10k.csv.gz', 'seed-synthetic-3class.csv']);
  });
});

describe('electron-builder --dir with a stand-in Electron (offline)', () => {
  const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  let unpacked = '';

  beforeAll(() => {
    const work = mkdtempSync(join(tmpdir(), 'backprop-builder-'));
    const electronDist = join(work, 'electron-dist');
    mkdirSync(join(electronDist, 'resources'), { recursive: true });
    // a script with the fuse wire Electron binaries carry: version 1, 8 fuses, all enabled
    writeFileSync(join(electronDist, 'electron'), `#!/bin/sh\necho stand-in\nexit 0\n${FUSE_SENTINEL}\x01\x0811111111`, 'latin1');
    chmodSync(join(electronDist, 'electron'), 0o755);
    writeFileSync(join(electronDist, 'version'), '45.5.0');
    writeFileSync(join(electronDist, 'LICENSE'), '');
    run('npx', ['electron-builder', '--dir', '--linux', '--x64', '--config', 'electron-builder.config.cjs', `-c.directories.output=${join(work, 'dist')}`],
      { ELECTRON_DIST: electronDist, CSC_IDENTITY_AUTO_DISCOVERY: 'false' });
    unpacked = join(work, 'dist', 'linux-unpacked');
  }, 300_000);

  it('packs app.asar with out/** and package.json only', () => {
    const entries = listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false });
    expect(entries).toContain('/out/main/index.js');
    expect(entries).toContain('/out/preload/index.cjs');
    expect(entries).toContain('/out/renderer/index.html');
    expect(entries.filter((entry) => entry !== '/package.json' && entry !== '/out' && !entry.startsWith('/out/'))).toEqual([]);
  });

  it('ships the samples as extra resources, outside the asar', () => {
    expect(readdirSync(join(unpacked, 'resources', 'samples')).sort()).toEqual(['digits-8x8.csv', 'iris.csv', 'mnist-10k.csv.gz', 'seed-synthetic-3class.csv']);
  });

  it('flips the fuses: runAsNode, NODE_OPTIONS and --inspect off; only load the app from the asar', async () => {
    const wire = await getCurrentFuseWire(join(unpacked, 'backprop-studio'));
    const on = 49, off = 48; // '1', '0'
    expect(wire[0]).toBe(off); // RunAsNode
    expect(wire[2]).toBe(off); // EnableNodeOptionsEnvironmentVariable
    expect(wire[3]).toBe(off); // EnableNodeCliInspectArguments
    expect(wire[4]).toBe(on); // EnableEmbeddedAsarIntegrityValidation
    expect(wire[5]).toBe(on); // OnlyLoadAppFromAsar
    expect(wire[7]).toBe(off); // GrantFileProtocolExtraPrivileges
  });
});
