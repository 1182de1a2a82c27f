/**
 * The storefront and back-office build. Root is web/, output web/dist (served by the Fastify app,
 * see src/http/web.ts). `npm run build:web` builds; `npx vite --config web/vite.config.ts` runs a
 * dev server that proxies /api, /docs and /health to the shop server on localhost:3000.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
const api = process.env.JNE_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': api,
      '/docs': api,
      '/health': api,
    },
  },
});
