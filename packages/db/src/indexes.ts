import type { Db, IndexDescription } from 'mongodb';

/** An index a query relies on, declared in the same file as that query. */
export interface IndexDeclaration {
  collection: string;
  index: IndexDescription & { name: string };
}

/** Creates every declared index; idempotent, so it runs on each start-up. */
export async function ensureIndexes(db: Db, declarations: readonly IndexDeclaration[]): Promise<void> {
  const byCollection = new Map<string, IndexDescription[]>();
  for (const { collection, index } of declarations) {
    const list = byCollection.get(collection) ?? [];
    list.push(index);
    byCollection.set(collection, list);
  }
  for (const [collection, indexes] of byCollection) {
    await db.collection(collection).createIndexes(indexes);
  }
}
