import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The kerf server serves dist/ at "/" (kerf serve finds web/dist next to the source tree).
// `npm run dev` proxies the API to a kerf on 127.0.0.1:8080.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // A hang guard, not a speed goal: on a loaded 2-core CI machine a form test with many user
    // events can take longer than vitest's default 5 s.
    testTimeout: 30_000,
  },
});
