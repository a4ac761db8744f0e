import { defineConfig } from 'vite';

// Built into web/dist/, which the Rust server embeds: index.html at /,
// hashed bundles under /assets/. Paths are relative (./assets/...), so the
// workbench also works when mounted under a prefix.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2020',
    chunkSizeWarningLimit: 800,
    modulePreload: { polyfill: false },
  },
  server: {
    // `npm run dev` proxies the API to a running `dyad serve` (or the fake server).
    proxy: { '/v1': process.env.DYAD_API || 'http://127.0.0.1:8080' },
  },
});
