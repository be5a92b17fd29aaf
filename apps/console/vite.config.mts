import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
// @ts-expect-error plain ES modules shared with scripts/serve.mjs, without type declarations
import { devSignInPlugin } from './scripts/dev-sign-in.mjs';
// @ts-expect-error as above
import { proxyTable, serviceUrls } from './scripts/routes.mjs';

// `vite` (development) and `vite preview` proxy /api/<service>/ to the five services, as an
// Ingress does in Kubernetes; the services need no CORS.
const proxy = proxyTable(serviceUrls());

export default defineConfig({
  plugins: [react(), devSignInPlugin()],
  // The contract's enumerations, as plain values, straight from their source.
  resolve: {
    alias: {
      '@redress/contracts/enumerations': fileURLToPath(
        new URL('../../libs/contracts/src/enumerations.ts', import.meta.url),
      ),
    },
  },
  server: { port: 3000, strictPort: true, host: '127.0.0.1', proxy },
  preview: { port: 3000, strictPort: true, host: '127.0.0.1', proxy },
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 1024 },
});
