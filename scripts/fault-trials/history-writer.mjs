// Child of fault-trials.mjs: saves the desktop app's run history (src/main/user-data.ts) again and again
// until killed. Each value is complete by construction: { complete: true, runs: [...] } with `count` runs.
import { tsImport } from 'tsx/esm/api';

const [folder, mode = 'loop'] = process.argv.slice(2);
const { UserDataStore } = await tsImport('../../src/main/user-data.ts', import.meta.url);
const store = new UserDataStore(folder);
const value = (count) => ({ complete: true, count, runs: Array.from({ length: count }, (_, i) => ({ id: i, loss: Array.from({ length: 50 }, (_, k) => Math.sin(i + k)) })) });
if (mode === 'once') {
  try {
    await store.save('runs', value(400));
    process.stdout.write('saved\n');
  } catch (error) {
    process.stderr.write(`cannot save the run history: ${error.code ?? error.message}\n`);
    process.exitCode = 2;
  }
} else {
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) await store.save('runs', value(200 + (i % 300)));
}
