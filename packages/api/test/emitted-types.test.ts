import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const tsc = join(repo, 'node_modules/typescript/bin/tsc');
let project: string;

/** Emits declarations straight into a folder outside the repo, laid out as published packages. */
beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'studysync-consumer-'));
  await Promise.all(
    ['validators', 'db', 'api'].map(async (name) => {
      const target = join(project, 'node_modules/@studysync', name);
      const config = join(repo, 'packages', name, 'tsconfig.build.json');
      await run(process.execPath, [tsc, '-p', config, '--outDir', target]);
      await writeFile(
        join(target, 'package.json'),
        JSON.stringify({ name: `@studysync/${name}`, types: 'index.d.ts' }),
      );
    }),
  );
  // Public npm dependencies, as the consumer would install them.
  for (const dep of ['@trpc/client', '@trpc/server', 'mongodb', 'bson', 'zod', '@types/node', 'undici-types']) {
    await mkdir(join(project, 'node_modules', dep, '..'), { recursive: true });
    await symlink(join(repo, 'node_modules', dep), join(project, 'node_modules', dep));
  }
  for (const file of ['client.ts', 'broken.ts']) {
    await cp(fileURLToPath(new URL(`./consumer/${file}`, import.meta.url)), join(project, file));
  }
}, 120_000);

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

const compile = (file: string) =>
  run(process.execPath, [
    tsc,
    '--noEmit',
    '--strict',
    '--noUncheckedIndexedAccess',
    '--target',
    'es2022',
    '--module',
    'esnext',
    '--moduleResolution',
    'bundler',
    '--skipLibCheck',
    join(project, file),
  ]).then(
    () => ({ ok: true, output: '' }),
    (error: { stdout: string }) => ({ ok: false, output: error.stdout }),
  );

it('a client compiles against the emitted declarations, with typed inputs and outputs', async () => {
  const result = await compile('client.ts');
  expect(result.output).toBe('');
  expect(result.ok).toBe(true);
}, 60_000);

it('a wrongly typed call does not compile', async () => {
  const result = await compile('broken.ts');
  expect(result.ok).toBe(false);
  expect(result.output).toMatch(/broken.ts\(6,14\): error TS2322:[^\n]*not assignable to type 'Promise<number>'/);
}, 60_000);
