// Run by embedded.test.ts: starts FerretDB, prints its URI, then waits to be killed.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerretdb } from '../src/embedded/ferretdb-process';

const binary = process.argv[2] ?? '';
const ferret = await startFerretdb(binary, await mkdtemp(join(tmpdir(), 'studysync-orphan-')), { logger: console });
console.log(ferret.uri);
setInterval(() => undefined, 60_000);
