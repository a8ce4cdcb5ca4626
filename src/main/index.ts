/**
 * Electron main: one secure window served from app://bundle, the engine in a supervised utility
 * process connected straight to the page by a MessagePort, native menu and dialogs, user data in
 * userData. Everything testable lives in the small modules beside this file, with Electron injected.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, MessageChannelMain, net, protocol, session, shell, utilityProcess, type UtilityProcess } from 'electron';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHANNELS } from '../shared/bridge';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { APP_ENTRY_URL, APP_SCHEME, contentTypeOf, resolveAppPath } from './app-protocol';
import { LIMITS } from '../shared/protocol-constants';
import { askRestartEngine, chooseCsv, chooseModel, chooseSavePath, readModelFile } from './dialogs';
import { EngineLink } from './engine-link';
import { createIpc } from './ipc';
import { channelSchemas } from './ipc-channels';
import { menuTemplate, recentSubmenu } from './menu';
import { denyPermissions, guardNavigation, safeExternalUrl, trustedPagePredicate } from './navigation';
import { EngineSupervisor, engineArguments } from './supervisor';
import { RecentFiles, UserDataStore } from './user-data';
import { writeFileAtomic } from './atomic-file';
import { secureWindowOptions } from './window-options';
import { claimSingleInstance } from './single-instance';
import { FileGrants } from './file-grants';
import { DatasetFiles } from './dataset-files';
import { LastDataset } from './last-dataset';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererRoot = join(here, '../renderer');
const preloadPath = join(here, '../preload/index.cjs');
const utilityPath = join(here, 'utility.js');
// `electron-vite dev` serves the renderer with hot reload; a packaged app never trusts such a URL
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const isTrustedPage = trustedPagePredicate(devServerUrl);
const samplesRoot = app.isPackaged ? join(process.resourcesPath, 'samples') : join(app.getAppPath(), 'resources', 'samples');

// one app per user, so two never write the same run history; a second start shows the first window
const isPrimaryInstance = claimSingleInstance(app, () => {
  const window = BrowserWindow.getAllWindows()[0];
  if (window) { if (window.isMinimized()) window.restore(); window.focus(); }
});

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

const store = new UserDataStore(app.getPath('userData'), (message) => {
  console.warn(message);
  void dialog.showMessageBox({ type: 'warning', message: 'A saved file of Backprop Studio could not be read', detail: message });
});
const recentFiles = new RecentFiles(store);
const grants = new FileGrants(); // the only files the engine may read
// the last dataset (by path, reopened only when unchanged) and File › Open Recent: the page gets tokens, never paths
const datasetFiles = new DatasetFiles({
  grants, recentFiles, lastDataset: new LastDataset(store, grants),
  sendToPage: (token) => {
    const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    if (!window || window.webContents.isDestroyed()) return false;
    window.webContents.send(CHANNELS.openDataset, token);
    return true;
  },
  onRecentChanged: (paths) => { if (app.isReady()) setMenu(paths); },
  tell: (message) => void dialog.showMessageBox({ type: 'info', message }),
  addOsRecent: (path) => app.addRecentDocument(path),
});
const link = new EngineLink(() => new MessageChannelMain());
const supervisor = new EngineSupervisor<UtilityProcess>({
  fork: (serviceName, reason) => utilityProcess.fork(utilityPath, engineArguments(app.getPath('userData'), reason), { serviceName, stdio: 'inherit' }),
  onStarted: (child, reason, restarts) => {
    child.on('message', (data: unknown) => grants.answer(data, (answer) => child.postMessage(answer)));
    link.attach(child, reason, restarts);
  },
  askUser: (message) => askRestartEngine(dialog, message),
  onGaveUp: (message) => link.lost(`${message} It was left stopped; restart the app to train again.`),
});

function serveApp(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppPath(rendererRoot, request.url);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).href).catch(() => null); // a missing file rejects
    if (!response?.ok) return new Response('not found', { status: 404 });
    return new Response(response.body, {
      headers: { 'content-type': contentTypeOf(file), 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' },
    });
  });
}

function registerIpc(): void {
  const ipc = createIpc(ipcMain, { isTrustedUrl: isTrustedPage, onRefused: (error) => console.warn(error.message) });
  const windowOf = (event: { sender: unknown }): BrowserWindow => BrowserWindow.fromWebContents(event.sender as Electron.WebContents)!;
  ipc.handle(CHANNELS.connectEngine, channelSchemas[CHANNELS.connectEngine], (_args, event) => link.connect((event as unknown as { sender: Electron.WebContents }).sender));
  ipc.handle(CHANNELS.openCsv, channelSchemas[CHANNELS.openCsv], async (_args, event) => {
    const path = await chooseCsv(dialog, windowOf(event));
    if (!path) return null;
    await datasetFiles.addRecent(path);
    return grants.grant(path);
  });
  ipc.handle(CHANNELS.openModel, channelSchemas[CHANNELS.openModel], async (_args, event) => {
    const path = await chooseModel(dialog, windowOf(event));
    return path ? readModelFile(path, LIMITS.maxMessageStringLength) : null;
  });
  ipc.handle(CHANNELS.samplePath, channelSchemas[CHANNELS.samplePath], ([file]) => grants.grant(join(samplesRoot, file)));
  ipc.handle(CHANNELS.saveFile, channelSchemas[CHANNELS.saveFile], async ([name, data], event) => {
    const path = await chooseSavePath(dialog, windowOf(event), name);
    if (!path) return false;
    await writeFileAtomic(path, data);
    return true;
  });
  ipc.handle(CHANNELS.recentFiles, channelSchemas[CHANNELS.recentFiles], async () => (await recentFiles.list()).map((path) => grants.grant(path)));
  // a dropped file: the preload read its path from the real File object; only a trusted page's drop is granted
  ipcMain.on(CHANNELS.grantFile, (event, path: unknown) => {
    event.returnValue = isTrustedPage(event.senderFrame?.url ?? '') && typeof path === 'string' && isAbsolute(path) ? grants.grant(path) : '';
  });
  ipc.handle(CHANNELS.loadUserData, channelSchemas[CHANNELS.loadUserData], ([key]) => store.load(key));
  ipc.handle(CHANNELS.saveUserData, channelSchemas[CHANNELS.saveUserData], ([key, value]) => store.save(key, value));
  datasetFiles.register(ipc);
}

/** The application menu, with `recent` as File › Open Recent. */
function setMenu(recent: string[]): void {
  const send = (command: string): void => BrowserWindow.getFocusedWindow()?.webContents.send(CHANNELS.menuCommand, command);
  const docs = safeExternalUrl('https://github.com/');
  const openRecent = recentSubmenu(recent, (path) => void datasetFiles.openRecent(path));
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(send, process.platform, () => { if (docs) void shell.openExternal(docs); }, openRecent)));
}

function openWindow(): BrowserWindow {
  const window = new BrowserWindow(secureWindowOptions(preloadPath, { title: 'Backprop Studio' })); // guarded by web-contents-created
  window.once('ready-to-show', () => window.show());
  const sample = process.argv.find((arg) => arg.startsWith('--open-sample='))?.split('=')[1];
  if (sample === 'iris' || sample === 'digits' || sample === 'mnist') {
    window.webContents.once('did-finish-load', () => window.webContents.send(CHANNELS.menuCommand, `open-sample-${sample}`));
  }
  void window.loadURL(devServerUrl ?? APP_ENTRY_URL);
  return window;
}

// every WebContents (windows, and anything a page might try to create) gets the navigation guards
app.on('web-contents-created', (_event, contents) => guardNavigation(contents, (url) => void shell.openExternal(url), isTrustedPage));

app.whenReady().then(() => {
  if (!isPrimaryInstance) return; // quitting: another instance owns the user data
  denyPermissions(session.defaultSession);
  serveApp();
  registerIpc();
  setMenu([]);
  void datasetFiles.refreshRecent();
  supervisor.start();
  openWindow();
  app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) openWindow(); });
});

app.on('before-quit', () => supervisor.stop());
app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit(); });
