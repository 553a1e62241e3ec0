// Compiles the server into dist/main.js so production starts with plain `node`, no tsx.
// The workspace packages (@studysync/*) ship TypeScript sources, so they are bundled in;
// every other package stays an import from the root node_modules (installed with --omit=dev).
// A package that npm nested under a workspace (its version differs from the root's copy, as
// `cookie` does in packages/api) cannot be found from dist/, so it is bundled in as well.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const packageName = (specifier) => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
};

/** Whether `name` resolves from `dir` to a copy nested below the repository's root node_modules. */
function nestedCopy(dir, name) {
  for (let current = dir; current.startsWith(repoRoot) && current !== repoRoot; current = dirname(current)) {
    if (existsSync(join(current, 'node_modules', name))) return true;
  }
  return false;
}

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
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith('@studysync/') || args.path.startsWith('node:')) return undefined;
          if (nestedCopy(args.resolveDir, packageName(args.path))) return undefined;
          return { path: args.path, external: true };
        });
      },
    },
  ],
});
