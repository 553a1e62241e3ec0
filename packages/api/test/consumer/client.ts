// Compiled by emitted-types.test.ts in a folder outside the monorepo, against the emitted
// declarations only: this is what a frontend developer's project sees.
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@studysync/api';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

type Inputs = inferRouterInputs<AppRouter>;
type Outputs = inferRouterOutputs<AppRouter>;

assertType<Equals<Inputs['auth']['login'], { identifier: string; password: string }>>();
assertType<
  Equals<
    Outputs['auth']['me'],
    {
      id: string;
      email: string;
      username: string;
      timeZone: string;
      createdAt: string;
      weeklyGoalHours: number;
      showOnLeaderboard: boolean;
    } | null
  >
>();

const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: 'http://localhost:3000/trpc' })] });

export async function signIn(): Promise<string> {
  const user = await client.auth.login.mutate({ identifier: 'ada', password: 'correct horse battery' });
  // @ts-expect-error the password is required
  await client.auth.login.mutate({ identifier: 'ada' });
  // @ts-expect-error outputs never carry the password hash
  void user.passwordHash;
  return user.username;
}
