#!/usr/bin/env node
// `npm run web`: builds the web page (unless --no-build) and serves dist-web on 127.0.0.1, printing the URL.
// Options: --port N (default 5180; 0 picks a free port), --no-build, --out-dir DIR (default dist-web).
// `npm start` calls serveWeb() too where no Electron binary is installed.
import { createServer } from 'node:http';
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const projectDir = fileURLToPath(new URL('..', import.meta.url));

/** --port, --no-build and --out-dir from a command line; the port defaults to $PORT, then 5180. */
export function webOptions(args) {
  const outArg = args.indexOf('--out-dir');
  const portArg = args.indexOf('--port');
  return {
    outDir: resolve(projectDir, outArg >= 0 ? args[outArg + 1] : 'dist-web'),
    port: portArg >= 0 ? Number(args[portArg + 1]) : Number(process.env.PORT ?? 5180),
    build: !args.includes('--no-build'),
  };
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

/** The file under `root` a URL path names, or null when it would leave `root` or does not exist. */
function fileFor(root, urlPath) {
  let decoded;
  try { decoded = decodeURIComponent(urlPath.split('?')[0]); } catch { return null; }
  if (decoded.includes('\0')) return null;
  const file = resolve(root, '.' + (decoded.endsWith('/') ? decoded + 'index.html' : decoded));
  if (file !== root && !file.startsWith(root + sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

/** vite's web build into `outDir`; the exit status (0 when it built). */
function buildWeb(outDir) {
  const build = spawnSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'],
    { cwd: projectDir, stdio: 'inherit', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } });
  return build.status ?? 1;
}

/**
 * Builds the page into `outDir` (unless build is false and it is already there), then serves it on
 * 127.0.0.1:`port`. Resolves with the server and its URL; exits the process when the build fails.
 */
export async function serveWeb({ outDir, port, build }) {
  if (build || !existsSync(resolve(outDir, 'index.html'))) {
    const status = buildWeb(outDir);
    if (status !== 0) process.exit(status);
  }
  const server = createServer((request, response) => {
    const file = request.method === 'GET' || request.method === 'HEAD' ? fileFor(outDir, request.url ?? '/') : null;
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
  await new Promise((done) => server.listen(port, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

/** True when this file is the script node was started with (not imported by start.mjs or a test). */
export function isMainScript(moduleUrl) {
  return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(moduleUrl));
}

if (isMainScript(import.meta.url)) {
  const { url } = await serveWeb(webOptions(process.argv.slice(2)));
  console.log(`Backprop Studio (web) at ${url}`);
}
