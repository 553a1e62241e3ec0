import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Context } from './context';
import { FieldError } from './errors';

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
  errorFormatter({ shape, error }) {
    let fieldErrors: Record<string, string[]> | undefined;
    let message = shape.message;
    if (error.cause instanceof ZodError) {
      fieldErrors = zodFieldErrors(error.cause);
      message = `Invalid input: ${Object.entries(fieldErrors)
        .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
        .join('; ')}`;
    } else if (error.cause instanceof FieldError) {
      fieldErrors = { [error.cause.field]: [error.message] };
    }
    return { ...shape, message, data: { ...shape.data, fieldErrors } };
  },
});

export const router = t.router;

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

/** Browsers always send Origin on cross-site POSTs: refuse mutations from anywhere but home. */
const sameOrigin = t.middleware(({ ctx, type, next }) => {
  if (type !== 'mutation' || !ctx.origin) return next();
  const own = ctx.host ? [`http://${ctx.host}`, `https://${ctx.host}`] : [];
  if (own.includes(ctx.origin) || ctx.deps.config.allowedOrigins.includes(ctx.origin)) return next();
  throw new TRPCError({ code: 'FORBIDDEN', message: 'Requests from this origin are not allowed' });
});

export const publicProcedure = t.procedure.use(measured).use(sameOrigin);

/** Signed-in students only; `ctx.user` is non-null below this. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user || !ctx.authTokenHash) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in' });
  }
  return next({ ctx: { ...ctx, user: ctx.user, authTokenHash: ctx.authTokenHash } });
});
