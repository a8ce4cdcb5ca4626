import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // compiles runes in *.svelte.ts (the studio's state classes) for the renderer tests
  plugins: [svelte()],
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/setup/generated-sources.ts', 'test/setup/scratch-tmpdir.ts'],
    setupFiles: ['test/setup/relaxed-simd.ts', 'test/setup/fast-check.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
