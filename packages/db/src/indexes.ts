import type { Db, IndexDescription } from 'mongodb';

/** An index a query relies on, declared in the same file as that query. */
export interface IndexDeclaration {
  collection: string;
  index: IndexDescription & { name: string };
}

/**
 * Creates the named collections that do not exist yet. FerretDB creates a collection on first
 * write, and two first writes at once can clash (a duplicate-key error): create them up front.
 */
export async function ensureCollections(db: Db, names: readonly string[]): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((item) => item.name));
  for (const name of names) {
    if (existing.has(name)) continue;
    await db.createCollection(name).catch((error: unknown) => {
      // Another server created it a moment ago.
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === 48) return;
      throw error;
    });
  }
}

/**
 * Creates every declared index that is missing; idempotent, so it runs on each start-up.
 * Only missing ones are sent, one at a time: FerretDB 1.24 crashes the connection when a
 * multi-index createIndexes names an index that already exists.
 */
export async function ensureIndexes(db: Db, declarations: readonly IndexDeclaration[]): Promise<void> {
  const existing = new Map<string, Set<string>>();
  for (const { collection, index } of declarations) {
    let names = existing.get(collection);
    if (!names) {
      const listed = await db
        .collection(collection)
        .listIndexes()
        .toArray()
        .catch((error: unknown) => {
          // A collection that does not exist yet has no indexes.
          if (typeof error === 'object' && error !== null && 'code' in error && error.code === 26) return [];
          throw error;
        });
      names = new Set(listed.map((item) => String(item['name'])));
      existing.set(collection, names);
    }
    if (names.has(index.name)) continue;
    await db.collection(collection).createIndexes([index]);
    names.add(index.name);
  }
}
