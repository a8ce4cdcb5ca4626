/**
 * The page's Content-Security-Policy: scripts, styles, workers and fetches from the app's own origin
 * only; WebAssembly may compile ('wasm-unsafe-eval'), JavaScript may not eval; no inline script or style.
 * Set as a <meta> in the built index.html and as a header by the Electron protocol handler.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** A Vite plugin that puts the CSP meta in index.html at build time (dev servers inject inline styles). */
export function cspMetaPlugin(): { name: string; apply: 'build'; transformIndexHtml: (html: string) => string } {
  return {
    name: 'backprop-csp-meta',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`),
  };
}
