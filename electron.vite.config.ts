import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { cspMetaPlugin } from './src/shared/csp';
import { pageProtocolPlugin } from './src/shared/page-build';

const from = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * The desktop build into out/: main + the utility-process entry + its kernel helper thread's entry (ESM, dependencies bundled so the
 * asar needs no node_modules), the sandboxed preload (one CommonJS file requiring only "electron"),
 * and the same renderer the web build serves.
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: false,
      outDir: 'out/main',
      rollupOptions: {
        // kernel-helper.js: the utility process's helper thread (worker_threads) for the two-thread kernels
        input: { index: from('./src/main/index.ts'), utility: from('./src/utility/index.ts'), 'kernel-helper': from('./src/node-host/kernel-helper.worker.ts'),
          // sweep-trial.js: a sweep's second thread (worker_threads) training trials beside the engine's
          'sweep-trial': from('./src/utility/sweep-trial.worker.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
      reportCompressedSize: false,
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      isolatedEntries: true,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: from('./src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
      reportCompressedSize: false,
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [pageProtocolPlugin(from('./src/shared/protocol-constants.ts')), svelte(), cspMetaPlugin()],
    worker: { format: 'es' },
    build: {
      outDir: 'out/renderer',
      target: 'es2022',
      rollupOptions: { input: { index: from('./src/renderer/index.html') } },
      reportCompressedSize: false,
    },
  },
});
