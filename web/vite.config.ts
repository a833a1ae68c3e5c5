// Builds the analyst dashboard into web/dist, served by the gateway under /ui (src/gateway/dashboard).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/ui/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline module-preload polyfill: the page's CSP allows scripts from files only.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
});
