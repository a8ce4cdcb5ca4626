#!/usr/bin/env node
// `npm run web`: builds the web page (unless --no-build) and serves dist-web on 127.0.0.1, printing the URL.
// Options: --port N (default 5180; 0 picks a free port), --no-build, --out-dir DIR (default dist-web).
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const outArg = args.indexOf('--out-dir');
const root = resolve(fileURLToPath(new URL('..', import.meta.url)), outArg >= 0 ? args[outArg + 1] : 'dist-web');
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : Number(process.env.PORT ?? 5180);

if (!args.includes('--no-build') || !existsSync(resolve(root, 'index.html'))) {
  const build = spawnSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn', '--outDir', root, '--emptyOutDir'], { stdio: 'inherit', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8', '.gz': 'application/gzip', '.wasm': 'application/wasm', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
};

/**
 * Cross-origin isolation: the page gets SharedArrayBuffer, so the engine's WebAssembly memory can be
 * shared with a second worker and big networks train on two threads. On every response (the worker
 * scripts too); everything the page loads is same-origin, so require-corp blocks nothing.
 */
const CROSS_ORIGIN_ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
};

/** The file under dist-web a URL path names, or null when it would leave dist-web or does not exist. */
function fileFor(urlPath) {
  let decoded;
  try { decoded = decodeURIComponent(urlPath.split('?')[0]); } catch { return null; }
  if (decoded.includes('\0')) return null;
  const file = resolve(root, '.' + (decoded.endsWith('/') ? decoded + 'index.html' : decoded));
  if (file !== root && !file.startsWith(root + sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

const server = createServer((request, response) => {
  const file = request.method === 'GET' || request.method === 'HEAD' ? fileFor(request.url ?? '/') : null;
  if (!file) { response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n'); return; }
  response.writeHead(200, {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
    ...CROSS_ORIGIN_ISOLATION,
  });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`Backprop Studio (web) at http://127.0.0.1:${server.address().port}/`);
});
