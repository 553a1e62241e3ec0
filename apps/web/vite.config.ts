import tailwindcss from '@tailwindcss/vite';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';
import { appPaths } from './src/router/routes.ts';

/** The build lists the router's paths, so the server answers 404 for any other (`app-routes.json`). */
const appRoutesFile: Plugin = {
  name: 'studysync-app-routes',
  apply: 'build',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'app-routes.json', source: `${JSON.stringify(appPaths())}\n` });
  },
};

export default defineConfig({
  plugins: [vue(), tailwindcss(), appRoutesFile],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/calendar': 'http://localhost:3000',
      '/trpc': {
        target: 'http://localhost:3000',
        changeOrigin: true,
        ws: true,
      },
    },
  },
  preview: {
    port: 4173,
    proxy: {
      '/calendar': 'http://localhost:3000',
      '/trpc': {
        target: 'http://localhost:3000',
        changeOrigin: true,
        ws: true,
      },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
});
