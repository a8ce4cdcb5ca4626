import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The one factory for every window's options: the page gets no Node, runs sandboxed and isolated
 * from the preload, keeps web security, and may not open webviews, insecure content or old features.
 * Callers may set size and title, never webPreferences.
 */
export function secureWindowOptions(preloadPath: string, look: Omit<BrowserWindowConstructorOptions, 'webPreferences'> = {}): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    ...look,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      enableBlinkFeatures: '',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}
