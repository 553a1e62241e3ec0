import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The embedded FerretDB's pid in `dataDir`, for its CPU (none with MONGODB_URI or mongod). */
export async function databasePid(dataDir: string): Promise<number | null> {
  try {
    return Number((await readFile(join(dataDir, 'ferretdb', 'ferretdb.pid'), 'utf8')).trim()) || null;
  } catch {
    return null;
  }
}
