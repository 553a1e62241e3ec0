// Run by embedded.test.ts: starts FerretDB in the given folder, prints its URI, then waits to be killed.
import { startFerretdb } from '../src/embedded/ferretdb-process';

const [binary = '', dataDir = ''] = process.argv.slice(2);
const ferret = await startFerretdb(binary, dataDir, { logger: console });
console.log(ferret.uri);
setInterval(() => undefined, 60_000);
