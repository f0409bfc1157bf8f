import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const apiPort = process.env.API_PORT ?? '3000';

export default defineConfig({
  root: 'client',
  plugins: [preact()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    rollupOptions: {
      input: { main: 'client/index.html', sw: 'client/sw.ts' },
      // the service worker must keep a stable URL at the root scope
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: `http://127.0.0.1:${apiPort}`, ws: true },
      '/dev': `http://127.0.0.1:${apiPort}`,
    },
  },
});
