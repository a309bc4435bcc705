/**
 * @module Vite build for the web UI. Plain esbuild JSX (no Babel plugin): the build stays a few seconds and adds
 * no dependency; `npm run dev -w @faultline/web` proxies the API to a local `npm start`.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  server: { proxy: { '/api': 'http://127.0.0.1:8000' } },
});
