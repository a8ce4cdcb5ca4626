import { posix, relative, resolve, isAbsolute, sep } from 'node:path';

/** The app is served from app://bundle/… (a standard, secure scheme), never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The file under `root` an app:// URL names, or null when the URL is not ours or its path would
 * leave `root` (encoded dots, backslashes, NUL bytes, drive letters, …). Pure: no file access.
 */
export function resolveAppPath(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password || url.port) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  if (path.includes('\0') || path.includes('\\') || /(^|\/)[a-zA-Z]:/.test(path)) return null;
  if (path.split('/').some((segment) => segment === '..')) return null;
  const normalized = posix.normalize(`/${path}`);
  const relativePath = normalized === '/' ? 'index.html' : normalized.slice(1);
  const base = resolve(root);
  const file = resolve(base, ...relativePath.split('/'));
  const inside = relative(base, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
  return file;
}

/** MIME type by extension for the files the app serves. */
export function contentTypeOf(file: string): string {
  const extension = file.slice(file.lastIndexOf('.')).toLowerCase();
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
    '.png': 'image/png', '.ico': 'image/x-icon', '.csv': 'text/csv; charset=utf-8', '.woff2': 'font/woff2',
  };
  return types[extension] ?? 'application/octet-stream';
}
