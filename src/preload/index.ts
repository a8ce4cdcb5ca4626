/**
 * The preload (sandboxed, context-isolated): puts a handful of purpose-built functions on
 * window.bridge. No ipcRenderer, no Node, no Electron event objects reach the page.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('bridge', createBridge(ipcRenderer, webUtils, window));
