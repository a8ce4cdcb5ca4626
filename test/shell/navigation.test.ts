import { describe, expect, it, vi } from 'vitest';
import { denyPermissions, guardNavigation, isAppUrl, safeExternalUrl, trustedPagePredicate, type GuardedContents } from '../../src/main/navigation';

const hostileUrls = [
  'https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'file:///C:/Windows/System32/', 'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>', 'about:blank', 'app://evil/index.html', 'app://bundle.evil.example/',
  'chrome://settings', 'devtools://devtools/bundled/inspector.html', 'blob:https://evil.example/1234', 'ws://evil.example/',
  'https://github.com.evil.example/', 'https://user:pass@github.com/', 'http://github.com/', 'https://github.com:8443/',
  'vbscript:msgbox', 'smb://share/x', '//evil.example/', '', 'not a url',
];

/** A WebContents stand-in that records the listeners the guard attaches. */
function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void; url?: string }, url?: string) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents: GuardedContents = {
    on: (event: string, listener: never) => { listeners.set(event, listener); return contents; },
    setWindowOpenHandler: (handler) => { openHandler = handler; },
  };
  const navigate = (event: string, url: string): boolean => {
    const prevented = { value: false };
    listeners.get(event)!({ preventDefault: () => { prevented.value = true; }, url }, url);
    return prevented.value;
  };
  return { contents, navigate, open: (url: string) => openHandler!({ url }), listeners };
}

describe('navigation, new-window and permission guards', () => {
  it.each(hostileUrls)('stops the page navigating or redirecting to %j', (url) => {
    const { contents, navigate } = fakeContents();
    guardNavigation(contents, vi.fn());
    expect(navigate('will-navigate', url)).toBe(true);
    expect(navigate('will-redirect', url)).toBe(true);
    expect(navigate('will-frame-navigate', url)).toBe(true);
  });

  it.each(hostileUrls)('denies a new window for %j and does not hand it to the system browser', (url) => {
    const { contents, open } = fakeContents();
    const openExternal = vi.fn();
    guardNavigation(contents, openExternal);
    expect(open(url)).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('lets the app navigate within app://bundle', () => {
    const { contents, navigate } = fakeContents();
    guardNavigation(contents, vi.fn());
    expect(navigate('will-navigate', 'app://bundle/index.html#runs')).toBe(false);
  });

  it('sends an https link on an allowed host to the system browser, still denying the window', () => {
    const { contents, open } = fakeContents();
    const openExternal = vi.fn();
    guardNavigation(contents, openExternal);
    expect(open('https://github.com/some/repo')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://github.com/some/repo');
  });

  it('blocks every webview', () => {
    const { contents, listeners } = fakeContents();
    guardNavigation(contents, vi.fn());
    const preventDefault = vi.fn();
    listeners.get('will-attach-webview')!({ preventDefault });
    expect(preventDefault).toHaveBeenCalled();
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'openExternal'])('denies the %s permission on request and on check', (permission) => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
    let check: ((contents: unknown, permission: string) => boolean) | null = null;
    denyPermissions({ setPermissionRequestHandler: (h) => { request = h; }, setPermissionCheckHandler: (h) => { check = h; } });
    const callback = vi.fn();
    request!({}, permission, callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(check!({}, permission)).toBe(false);
  });

  it('trusts the dev server only when one is given, and only its exact origin', () => {
    expect(trustedPagePredicate(undefined)('http://localhost:5173/')).toBe(false);
    const trusted = trustedPagePredicate('http://localhost:5173/');
    expect(trusted('http://localhost:5173/index.html')).toBe(true);
    expect(trusted('http://localhost:5174/')).toBe(false);
    expect(trusted('https://evil.example/')).toBe(false);
    expect(trusted('app://bundle/index.html')).toBe(true);
  });

  it('knows its own URLs from look-alikes', () => {
    expect(isAppUrl('app://bundle/assets/index.js')).toBe(true);
    expect(isAppUrl('app://bundle.evil/')).toBe(false);
    expect(safeExternalUrl('https://github.com/x')).toBe('https://github.com/x');
    expect(safeExternalUrl('https://github.com.evil.example/')).toBeNull();
  });
});
