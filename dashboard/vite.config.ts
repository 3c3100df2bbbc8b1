import { defineConfig } from 'vite';

/**
 * The dashboard's page (#11), built into dashboard/dist, which the API server serves at `/`.
 * Relative asset paths, so the same build works behind a proxy's sub-path too.
 */
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Mermaid is loaded on a flow's page only, as its own chunks; its size is expected.
    chunkSizeWarningLimit: 2000,
  },
});
