// Must NOT compile: proves the check above can fail.
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '@studysync/api';

const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: 'http://localhost:3000/trpc' })] });
export const wrong: Promise<number> = client.auth.me.query();
