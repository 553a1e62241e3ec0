import { authSessionIndexes } from './auth-sessions';
import { dueSessionIndexes } from './due-sessions';
import type { IndexDeclaration } from './indexes';
import { userIndexes } from './users';

/** Every index the queries in this package rely on. */
export const allIndexes: readonly IndexDeclaration[] = [...userIndexes, ...authSessionIndexes, ...dueSessionIndexes];
