import { TRPCError } from '@trpc/server';
import { clearFailures, countRecentFailures, recordFailure } from '@studysync/db';
import type { Context } from '../context';

const accountKey = (identifier: string) => `account:${identifier.trim().toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;

/** Refuses a sign-in attempt when this account or this address failed too often lately. */
export async function assertNotThrottled(ctx: Context, identifier: string): Promise<void> {
  const { db, config, now } = ctx.deps;
  const windowStart = new Date(now().getTime() - config.loginThrottle.windowMs);
  const [byAccount, byAddress] = await Promise.all([
    countRecentFailures(db, accountKey(identifier), windowStart),
    countRecentFailures(db, addressKey(ctx.clientAddress), windowStart),
  ]);
  if (byAccount >= config.loginThrottle.maxPerAccount || byAddress >= config.loginThrottle.maxPerAddress) {
    const minutes = Math.ceil(config.loginThrottle.windowMs / 60_000);
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    });
  }
}

export async function noteFailedLogin(ctx: Context, identifier: string): Promise<void> {
  const { db, config, now } = ctx.deps;
  const at = now();
  const windowStart = new Date(at.getTime() - config.loginThrottle.windowMs);
  await Promise.all([
    recordFailure(db, accountKey(identifier), at, windowStart),
    recordFailure(db, addressKey(ctx.clientAddress), at, windowStart),
  ]);
  ctx.deps.logger.info({ address: ctx.clientAddress }, 'Failed sign-in');
}

export async function noteSuccessfulLogin(ctx: Context, identifier: string): Promise<void> {
  await clearFailures(ctx.deps.db, accountKey(identifier));
}
