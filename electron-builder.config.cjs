/**
 * electron-builder: Linux AppImage + deb, Windows nsis, macOS dmg. The asar holds the built app
 * (out/**) and package.json only — everything is bundled by electron-vite, so no node_modules.
 * Fuses: no running as plain Node, no NODE_OPTIONS, no --inspect, the app only from the asar.
 * `npm run dist` builds first; ELECTRON_DIST points at an unpacked Electron to package offline.
 */
module.exports = {
  appId: 'org.backpropstudio.app',
  productName: 'Backprop Studio',
  executableName: 'backprop-studio',
  directories: { output: 'dist', buildResources: 'resources/build' },
  files: ['out/**/*', '!out/**/*.map', 'package.json', '!node_modules/**/*'],
  asar: true,
  extraResources: [{ from: 'resources/samples', to: 'samples', filter: ['*.csv', '*.csv.gz'] }],
  electronDist: process.env.ELECTRON_DIST || undefined,
  npmRebuild: false,
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    onlyLoadAppFromAsar: true,
    enableEmbeddedAsarIntegrityValidation: true,
    enableCookieEncryption: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: { target: ['AppImage', 'deb'], category: 'Education', synopsis: 'Train a neural network on your own CSV' },
  deb: { maintainer: 'Backprop Studio <maintainers@backpropstudio.invalid>' },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.education' },
};
