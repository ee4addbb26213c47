import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const backend = process.env.NIST_DEV_BACKEND ?? 'http://localhost:3000';

export default defineConfig({
  root: webDir,
  publicDir: 'public',
  plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
  resolve: {
    alias: { '@server': fileURLToPath(new URL('../server', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Read by the server to preload the live player's chunks on pages of live sessions (server/core/http/spa-shell.ts).
    manifest: true,
  },
  server: {
    proxy: {
      '/api': backend,
      '/recordings': backend,
      '/feeds': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
  preview: {
    proxy: {
      '/api': backend,
      '/recordings': backend,
    },
  },
});
