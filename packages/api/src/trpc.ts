import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import type { Context } from './context';
import { LockTimeoutError } from '@studysync/db';
import { isSignInLive } from './auth';
import { DomainError, errorReference, type DomainErrorCode } from './errors';

/** `{ "email": ["Enter a valid email address"] }`, keyed by the dotted input path. */
function zodFieldErrors(error: ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

const t = initTRPC.context<Context>().create({
  // Never send stack traces; errors are logged server-side with context.
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    let fieldErrors: Record<string, string[]> | undefined;
    let message = shape.message;
    let requestId: string | undefined;
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      // Whatever went wrong stays in the log (under this reference): no lock, key, address or stack.
      requestId = errorReference(error, ctx?.requestId);
      message = `Something went wrong on our side. Reference: ${requestId}`;
    } else if (error.cause instanceof ZodError) {
      fieldErrors = zodFieldErrors(error.cause);
      message = `Invalid input: ${Object.entries(fieldErrors)
        .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
        .join('; ')}`;
    } else if (error.cause instanceof DomainError && error.cause.field !== undefined) {
      fieldErrors = { [error.cause.field]: [error.message] };
    }
    return { ...shape, message, data: { ...shape.data, fieldErrors, requestId } };
  },
});

export const router = t.router;

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/** Times every call and reports it for /metrics. */
const measured = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const result = await next();
  ctx.deps.onProcedure?.({
    path,
    type,
    result: result.ok ? 'ok' : 'error',
    code: result.ok ? 'OK' : result.error.code,
    durationMs: performance.now() - started,
  });
  return result;
});

// Every domain error code is a tRPC code (a compile-time check).
const asTRPCCode = (code: DomainErrorCode): TRPC_ERROR_CODE_KEY => code;

/** The one place a domain's refusal becomes tRPC's: same code, same message, the domain error as cause. */
function toTRPCError(error: unknown): unknown {
  const cause = error instanceof TRPCError ? error.cause : error;
  if (!(cause instanceof DomainError)) return error;
  return new TRPCError({ code: asTRPCCode(cause.code), message: cause.message, cause });
}

async function* mappingErrors<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (error) {
    throw toTRPCError(error);
  }
}

/** Domain errors thrown by a call, or by a stream while it runs, reach the client with their code. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error);
    if (mapped !== result.error) throw mapped;
    return result;
  }
  return isAsyncIterable(result.data) ? { ...result, data: mappingErrors(result.data) } : result;
});

/** Contention is load, not a fault: the student is told to retry, as for any other limit. */
const contentionIsRetryable = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof LockTimeoutError) {
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: 'Busy right now: please try again in a moment',
      cause: result.error.cause,
    });
  }
  return result;
});

/** Browsers always send Origin on cross-site POSTs: refuse mutations from anywhere but home. */
const sameOrigin = t.middleware(({ ctx, type, next }) => {
  if (type !== 'mutation' || !ctx.origin) return next();
  const own = ctx.host ? [`http://${ctx.host}`, `https://${ctx.host}`] : [];
  if (own.includes(ctx.origin) || ctx.deps.config.allowedOrigins.includes(ctx.origin)) return next();
  throw new TRPCError({ code: 'FORBIDDEN', message: 'Requests from this origin are not allowed' });
});

async function* releasing<T>(source: AsyncIterable<T>, release: () => void): AsyncGenerator<T> {
  try {
    yield* source;
  } finally {
    release();
  }
}

/** One socket holds at most so many subscriptions; each frees its place when it ends. */
const boundedSubscriptions = t.middleware(async ({ ctx, type, next }) => {
  const socket = ctx.socket;
  if (type !== 'subscription' || !socket) return next();
  const max = ctx.deps.config.maxSubscriptionsPerSocket;
  if (socket.subscriptions >= max) {
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `At most ${max} live updates per connection` });
  }
  socket.subscriptions += 1;
  let released = false;
  const release = () => {
    if (!released) socket.subscriptions -= 1;
    released = true;
  };
  const result = await next();
  if (!result.ok || !isAsyncIterable(result.data)) {
    release();
    return result;
  }
  return { ...result, data: releasing(result.data, release) };
});

/**
 * A WebSocket's context is built when it opens: every call on it checks that the sign-in still
 * exists, so a signed-out token stops working on sockets opened before.
 */
const liveSignIn = t.middleware(async ({ ctx, next }) => {
  if (ctx.transport !== 'ws' || !ctx.authTokenHash) return next();
  if (await isSignInLive(ctx.deps, ctx.authTokenHash)) return next();
  return next({ ctx: { ...ctx, user: null, authTokenHash: null } });
});

export const publicProcedure = t.procedure
  .use(measured)
  .use(domainErrors)
  .use(contentionIsRetryable)
  .use(sameOrigin)
  .use(liveSignIn)
  .use(boundedSubscriptions);

/** Signed-in students only; `ctx.user` is non-null below this. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user || !ctx.authTokenHash) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in' });
  }
  return next({ ctx: { ...ctx, user: ctx.user, authTokenHash: ctx.authTokenHash } });
});
