import { ESLint } from 'eslint';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const engineDir = new URL('../../src/engine/', import.meta.url).pathname;
const projectRoot = new URL('../../', import.meta.url).pathname;

function engineFiles(dir = engineDir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? engineFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the engine is the ground floor', () => {
  it('no engine file imports another src folder, Node, or Electron', () => {
    const offenders = engineFiles().flatMap((file) => {
      const imports = [...readFileSync(file, 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      return imports.filter((spec) => /^(node:|fs$|path$|electron)/.test(spec) || /\.\.\/(\.\.\/)*(shared|main|cli|renderer|preload|utility|engine-host)\//.test(spec))
        .map((spec) => `${file}: ${spec}`);
    });
    expect(offenders).toEqual([]);
  });

  it('the lint rule rejects a Node import, an Electron import, another src folder and the DOM inside src/engine', async () => {
    const eslint = new ESLint();
    const code = [
      "import { readFileSync } from 'node:fs';",
      "import { app } from 'electron';",
      "import { LIMITS } from '../shared/protocol';",
      'export const x = [readFileSync, app, LIMITS, document.title];',
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: join(engineDir, 'probe.ts') });
    const messages = result.messages.map((m) => m.message).join('\n');
    expect(messages).toMatch(/Node and Electron/);
    expect(messages).toMatch(/no other src folder/);
    expect(messages).toMatch(/no document/);
    expect(result.errorCount).toBeGreaterThanOrEqual(4);
  });

  it('the same code outside src/engine passes the engine rule (the rule is scoped, not global)', async () => {
    const eslint = new ESLint();
    const [result] = await eslint.lintText("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", { filePath: join(engineDir, '../cli/probe.ts') });
    expect(result.errorCount).toBe(0);
  });
});

describe('the project type-checks and lints clean', () => {
  const run = async (args: string[]): Promise<{ output: string; status: number | null }> => {
    const { spawnSync } = await import('node:child_process');
    // the tool itself, not through npx: npm's own warnings (e.g. about the .npmrc key onnxruntime-node reads) are not its output
    const [tool, ...toolArgs] = args;
    const result = spawnSync(join(projectRoot, 'node_modules', '.bin', tool), toolArgs, { encoding: 'utf8', cwd: projectRoot });
    return { output: result.stdout + result.stderr, status: result.status };
  };

  it('the engine type-checks with no DOM and no Node types (tsc -p tsconfig.engine.json)', async () => {
    expect(await run(['tsc', '-p', 'tsconfig.engine.json', '--noEmit'])).toEqual({ output: '', status: 0 });
  });

  it('everything else type-checks (tsc -p tsconfig.json)', async () => {
    expect(await run(['tsc', '-p', 'tsconfig.json', '--noEmit'])).toEqual({ output: '', status: 0 });
  });

  it('eslint, with the layer rules, finds no problem in src, test, e2e and bench', async () => {
    const result = await run(['eslint', 'src', 'test', 'e2e', 'bench']);
    expect(result.output.trim()).toBe('');
    expect(result.status).toBe(0);
  });
});
