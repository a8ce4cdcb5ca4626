import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** The engine is the ground floor: it imports no other src folder, no Node built-in, no Electron. */
const engineRestrictions = {
  files: ['src/engine/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      paths: [...nodeBuiltins, 'electron'].map((name) => ({ name, message: 'src/engine must stay free of Node and Electron.' })),
      patterns: [
        { group: ['**/shared/**', '**/engine-host/**', '**/node-host/**', '**/cli/**', '**/main/**', '**/utility/**', '**/preload/**', '**/renderer/**'], message: 'src/engine imports no other src folder.' },
        { group: ['electron/*'], message: 'src/engine must stay free of Electron.' },
      ],
    }],
    'no-restricted-globals': ['error',
      ...['window', 'document', 'navigator', 'localStorage', 'fetch', 'process', 'Buffer', 'require', 'setTimeout', 'setInterval']
        .map((name) => ({ name, message: `src/engine has no ${name}: no DOM, no Node, no timers.` })),
    ],
  },
};

/** Shared protocol code may use the engine only. */
const sharedRestrictions = {
  files: ['src/shared/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      paths: ['electron', ...nodeBuiltins],
      patterns: ['**/engine-host/**', '**/node-host/**', '**/cli/**', '**/main/**', '**/utility/**', '**/preload/**', '**/renderer/**'],
    }],
  },
};

/** The renderer never touches Node or Electron directly: only through its host. */
const rendererRestrictions = {
  files: ['src/renderer/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      paths: ['electron', ...nodeBuiltins],
      patterns: ['**/main/**', '**/utility/**', '**/preload/**', '**/cli/**', '**/node-host/**'],
    }],
  },
};

/** Node-only code the CLI and the utility process share: Node built-ins and the engine, nothing above. */
const nodeHostRestrictions = {
  files: ['src/node-host/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      paths: ['electron'],
      patterns: ['**/shared/**', '**/engine-host/**', '**/cli/**', '**/main/**', '**/utility/**', '**/preload/**', '**/renderer/**'],
    }],
  },
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'dist-web/**', 'node_modules/**', 'build/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  engineRestrictions,
  sharedRestrictions,
  rendererRestrictions,
  nodeHostRestrictions,
);
