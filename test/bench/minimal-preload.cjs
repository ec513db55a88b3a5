// The reference preload of `npm run bench -- ui`: the least a sandboxed preload can be, one invoke
// over IPC exposed to the page. Evaluated exactly as dist/preload/index.cjs is (preload-probe.mjs).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS
const { contextBridge, ipcRenderer } = require('electron');

contextBridge.exposeInMainWorld('companion', { invoke: (method, input) => ipcRenderer.invoke(`companion:${method}`, input) });
