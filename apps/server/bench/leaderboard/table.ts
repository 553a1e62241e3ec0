/** The results table: row counts, then min, median, p95 and max of each read in ms. */
import { PROGRESS_COLLECTION, type Db } from '@studysync/db';
import { percentile } from '../realtime/process-stats';

export interface Timing {
  label: string;
  samples: number[];
}

function summary({ label, samples }: Timing): string {
  const cell = (value: number) => value.toFixed(2).padStart(8);
  const at = (p: number) => cell(percentile(samples, p));
  return `${label.padEnd(50)}${at(0)}${at(50)}${at(95)}${at(100)}${String(samples.length).padStart(6)}`;
}

export async function printTable(db: Db, engine: string, rows: readonly Timing[]): Promise<void> {
  const counts = await Promise.all(
    ['users', 'studySessions', 'studyStats', 'boards', 'boardRanges', 'boardMembers', PROGRESS_COLLECTION].map(
      async (name) => `${name} ${await db.collection(name).estimatedDocumentCount()}`,
    ),
  );
  console.log(`\nRows: ${counts.join(', ')}`);
  console.log(`Engine: ${engine}. Each read timed on its own after a warm-up; ms:\n`);
  console.log(
    `${''.padEnd(50)}${'min'.padStart(8)}${'median'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}${'n'.padStart(6)}`,
  );
  for (const timing of rows) console.log(summary(timing));
}
