/**
 * The storefront and back-office build. Root is web/, output web/dist (served by the Fastify app,
 * see src/http/web.ts). `npm run build:web` builds and prints what the storefront's first page and
 * /admin download (gzipped JavaScript, see bundle-size.ts); `npx vite --config web/vite.config.ts`
 * runs a dev server that proxies /api, /docs and /health to the shop server on localhost:3000.
 */
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { describeWeights, measurePages } from './bundle-size.js';

const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
const api = process.env.JNE_API_URL ?? 'http://localhost:3000';

/** Prints the weight of each measured page after the build has written its files. */
function pageWeights(): Plugin {
  let outDir = '';
  return {
    name: 'jne-page-weights',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      this.info(`\n${describeWeights(measurePages(outDir))}`);
    },
  };
}

export default defineConfig({
  root,
  plugins: [react(), pageWeights()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // .vite/manifest.json: which chunks each module loads, for the page weights.
    manifest: true,
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
