import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { cspMetaPlugin } from './src/shared/csp';
import { pageProtocolPlugin } from './src/shared/page-build';

const samplesDir = fileURLToPath(new URL('./resources/samples/', import.meta.url));

/** Ships resources/samples/* beside the page as samples/<file>, fetched by the web host. */
function samplesPlugin(): Plugin {
  return {
    name: 'backprop-samples',
    apply: 'build',
    generateBundle() {
      for (const file of readdirSync(samplesDir)) {
        this.emitFile({ type: 'asset', fileName: `samples/${file}`, source: readFileSync(samplesDir + file) });
      }
    },
  };
}

/** Cross-origin isolation (SharedArrayBuffer: two-thread kernels), as scripts/web.mjs serves the built page. */
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The same renderer as a plain web page (npm run build:web → dist-web, served by npm run web). */
export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [pageProtocolPlugin(fileURLToPath(new URL('./src/shared/protocol-constants.ts', import.meta.url))), svelte(), cspMetaPlugin(), samplesPlugin()],
  worker: { format: 'es' },
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  build: {
    outDir: fileURLToPath(new URL('./dist-web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
});
