import { cleanUpMatchLine } from '@studysync/db';
import { SESSION_LENGTHS } from '@studysync/validators';
import type { ApiDeps } from '../deps';

/** Deletes the waiting line's used slots (and their over sessions' claims) once unreachable. */
export async function cleanUpMatchLines(deps: ApiDeps): Promise<void> {
  for (const minutes of SESSION_LENGTHS) {
    const deleted = await cleanUpMatchLine(deps.db, minutes);
    if (deleted > 0) deps.logger.info({ minutes, deleted }, 'Deleted used match slots');
  }
}
