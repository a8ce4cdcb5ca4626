// Before any test file loads: the kernel modules, the kernels' activation code and the embedded export
// runtimes are rebuilt when missing (a clean clone) or older than their sources (an edited registry,
// template or assembly/ file), so the tests never run a stale build.
import { spawnSync } from 'node:child_process';

export default function setup(): void {
  const build = spawnSync(process.execPath, ['scripts/build-wasm.mjs'], { encoding: 'utf8' });
  const lines = `${build.stdout}${build.stderr}`.split('\n').filter((line) => line && !line.endsWith('up to date'));
  if (lines.length > 0) console.log(lines.join('\n'));
  if (build.status !== 0) throw new Error(`scripts/build-wasm.mjs failed (exit ${build.status})`);
}
