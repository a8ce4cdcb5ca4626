/** `npm start` (scripts/start.mjs): the desktop app where an Electron binary exists, else the web build served on 127.0.0.1. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const projectDir = new URL('../../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'backprop-start-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What electronBinary() answers under the given ELECTRON_OVERRIDE_DIST_PATH. */
function electronBinaryWith(overrideDir: string): string {
  const script = "import('./scripts/start.mjs').then((m) => console.log(String(m.electronBinary())))";
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: projectDir, encoding: 'utf8', env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: overrideDir } });
  expect(result.stderr).toBe('');
  return result.stdout.trim();
}

/** Lines the child prints until `done` says enough, or the time runs out. */
function readLinesUntil(child: ReturnType<typeof spawn>, done: (lines: string[]) => boolean, ms = 20_000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no URL within ${ms} ms; printed: ${text}`)), ms);
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const lines = text.split('\n').filter((line) => line.length > 0);
      if (done(lines)) { clearTimeout(timer); resolve(lines); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code}; printed: ${text}`)); });
  });
}

describe('npm start', () => {
  it('finds the Electron binary where ELECTRON_OVERRIDE_DIST_PATH holds one, and none where it does not', () => {
    const withBinary = join(scratch, 'with-electron'), empty = join(scratch, 'without-electron');
    for (const dir of [withBinary, empty]) mkdirSync(dir, { recursive: true });
    writeFileSync(join(withBinary, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
    expect(electronBinaryWith(withBinary)).toBe(join(withBinary, 'electron'));
    expect(electronBinaryWith(empty)).toBe('null');
  });

  it('without an Electron binary, says why in one line, then serves the web build itself and prints its URL', async () => {
    const outDir = join(scratch, 'dist-web');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'index.html'), '<!doctype html><title>studio fixture</title>');
    const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0', '--no-build', '--out-dir', outDir],
      { cwd: projectDir, env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(scratch, 'nowhere') }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const lines = await readLinesUntil(child, (printed) => printed.some((line) => /http:\/\/127\.0\.0\.1:\d+\//.test(line)));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/No Electron binary.*web page/);
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(lines[1])![0];
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(await page.text()).toContain('studio fixture');
      expect((await fetch(`${url}missing.js`)).status).toBe(404); // negative control: the server is not answering everything
    } finally {
      child.kill();
    }
  });
});
