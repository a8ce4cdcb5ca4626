import { APP_ORIGIN } from './app-protocol';

/** True for URLs inside the app itself (app://bundle/…). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.origin === APP_ORIGIN || (parsed.protocol === 'app:' && parsed.host === 'bundle');
  } catch {
    return false;
  }
}

/** The app's pages, plus the electron-vite dev server's origin when one is given (unpackaged runs only). */
export function trustedPagePredicate(devServerUrl: string | undefined): (url: string) => boolean {
  if (!devServerUrl) return isAppUrl;
  const devOrigin = new URL(devServerUrl).origin;
  return (url) => {
    if (isAppUrl(url)) return true;
    try { return new URL(url).origin === devOrigin; } catch { return false; }
  };
}

/** Hosts the app may hand to the system browser (documentation links); nothing else leaves the app. */
export const EXTERNAL_HOSTS = new Set(['github.com', 'developer.mozilla.org', 'en.wikipedia.org']);

/** An https URL without credentials on an allowed host, or null. */
export function safeExternalUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return null;
  if (!EXTERNAL_HOSTS.has(parsed.hostname)) return null;
  return parsed.href;
}

/** The slice of WebContents the guards attach to (Electron's, or a test double). */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: { preventDefault(): void; url?: string }, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
}

export interface GuardedSession {
  setPermissionRequestHandler(handler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: ((contents: unknown, permission: string) => boolean) | null): void;
  setDevicePermissionHandler?(handler: ((details: unknown) => boolean) | null): void;
}

/**
 * Denies every navigation away from the app, every new window (https links on allowed hosts go to
 * the system browser instead) and every webview.
 */
export function guardNavigation(contents: GuardedContents, openExternal: (url: string) => void, isTrustedUrl: (url: string) => boolean = isAppUrl): void {
  const stayInApp = (event: { preventDefault(): void; url?: string }, url?: string): void => {
    if (!isTrustedUrl(url ?? event.url ?? '')) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-frame-navigate', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = safeExternalUrl(url);
    if (external) openExternal(external);
    return { action: 'deny' };
  });
}

/** Denies every permission request and check (camera, geolocation, notifications, HID, …). */
export function denyPermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
}
