// Compiles the server into dist/main.js so production starts with plain `node`, no tsx.
// The workspace packages (@studysync/*) ship TypeScript sources, so they are bundled in;
// every other package stays an import from node_modules (installed with --omit=dev).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'node-modules-external',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@studysync/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
