import { describe, expect, it } from 'vitest';
import { secureWindowOptions } from '../../src/main/window-options';

describe('the window-options factory', () => {
  const options = secureWindowOptions('/app/out/preload/index.cjs', { title: 'Backprop Studio' });
  const prefs = options.webPreferences!;

  it.each([
    ['contextIsolation', true], ['sandbox', true], ['nodeIntegration', false], ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false], ['webSecurity', true], ['allowRunningInsecureContent', false], ['webviewTag', false],
    ['experimentalFeatures', false], ['navigateOnDragDrop', false], ['safeDialogs', true], ['enableBlinkFeatures', ''],
  ] as const)('sets %s to %s', (key, value) => {
    expect(prefs[key]).toBe(value);
  });

  it('points the preload at the given bundle and nothing else', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });

  it('lets callers choose the look but never the web preferences', () => {
    const hostile = secureWindowOptions('/p.cjs', { width: 500, webPreferences: { nodeIntegration: true, sandbox: false } } as never);
    expect(hostile.width).toBe(500);
    expect(hostile.webPreferences).toMatchObject({ nodeIntegration: false, sandbox: true, contextIsolation: true });
  });

  it('opens hidden until the first paint', () => {
    expect(options.show).toBe(false);
  });
});
