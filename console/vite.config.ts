import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Builds the console (console/) into dist/console/, served by
 * src/console/registerConsole.ts at /console. Everything is bundled, the
 * players included (hls.js, dash.js and its Smooth plugin, shaka), so the
 * console works offline; each player is its own chunk, loaded when a
 * manifest needs it. Hashed file names let the server cache assets forever.
 */
export default defineConfig({
  root: here,
  base: '/console/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    // Not `assets`: /console/assets/<id> is a page of the console (src/console/registerConsole.ts).
    assetsDir: '_app',
    target: 'es2022',
    // The players are large by nature; they load on the player page only.
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
});
