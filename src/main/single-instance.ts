/** One running app per user: a second start hands over to the first (which shows its window) and quits. */

/** The part of Electron's `app` this needs (injected, so tests run without Electron). */
export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
  quit(): void;
}

/**
 * Takes the single-instance lock. False: another instance holds it, this one quits (so two apps never
 * write the same run history). True: later starts call `focusExisting` instead of opening a second app.
 */
export function claimSingleInstance(app: SingleInstanceApp, focusExisting: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', focusExisting);
  return true;
}
