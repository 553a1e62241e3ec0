import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import type { TRPCClientError } from '@trpc/client';
import { appRouter, type AppRouter } from '@studysync/api';
import type { Database } from '@studysync/db';
import { signedUpStudent, type StudentClient } from './support/client';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';

// Every procedure that takes input, called with input its own zod schema refuses: queries and
// mutations over HTTP, subscriptions over the WebSocket.
interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; inputs: unknown[] };
}
const procedures = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures,
).flatMap(([path, procedure]) => {
  const schema = procedure._def.inputs[0];
  const { type } = procedure._def;
  return schema instanceof z.ZodType ? [{ path, type, schema }] : [];
});

let server: TestServer;
let database: Database;
let cookie: string;
let student: StudentClient;
beforeAll(async () => {
  server = await startTestServer({
    env: { CHAT_MESSAGES_PER_10S: '1000', TYPING_PER_10S: '1000', SAFETY_ACTIONS_PER_10_MIN: '1000' },
  });
  database = await openTestDatabase(server.dbName);
  student = await signedUpStudent(server.url, 'fuzz');
  cookie = student.cookie() ?? '';
});
afterAll(async () => {
  await student.close();
  await database.client.close();
  await server.close();
});

/** Documents in every collection: what a refused call must leave unchanged. */
async function documentCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { name } of await database.db.listCollections().toArray()) {
    counts[name] = await database.db.collection(name).countDocuments();
  }
  return counts;
}

/** Hostile values: wrong types, huge and control-character strings, nested junk. */
const hostile = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((code) => String.fromCharCode(code)), minLength: 1 }),
  fc.constant('x'.repeat(5_000)),
  fc.constantFrom(-1, 0, 1.5, 1e308, '', ' ', 'null', '0'.repeat(24), '$where', { $gt: '' }),
);

/** Whole inputs: anything at all, or an object whose one named field is hostile. */
function badInputs(schema: z.ZodType) {
  const shape = schema instanceof z.ZodObject ? Object.keys(schema.shape as Record<string, unknown>) : [];
  const fieldAttacks = shape.length
    ? [fc.record({ field: fc.constantFrom(...shape), value: hostile }).map(({ field, value }) => ({ [field]: value }))]
    : [];
  return fc.oneof(fc.jsonValue(), ...fieldAttacks).filter((input) => !schema.safeParse(input).success);
}

async function call(path: string, type: 'query' | 'mutation', input: unknown): Promise<Response> {
  const headers = { cookie, 'content-type': 'application/json' };
  if (type === 'query') {
    return fetch(`${server.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  }
  return fetch(`${server.url}/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(input) });
}

interface Refusal {
  code: string | undefined;
  message: string;
  fieldErrors: Record<string, string[]>;
}

/** Opens a subscription over the student's WebSocket and resolves with how it was refused. */
function subscribeRefusal(path: string, input: unknown): Promise<Refusal | 'streamed'> {
  const [router, name] = path.split('.') as [string, string];
  type Subscribe = (
    input: unknown,
    handlers: { onData(): void; onError(error: TRPCClientError<AppRouter>): void },
  ) => { unsubscribe(): void };
  const procedure = (student.api as unknown as Record<string, Record<string, { subscribe: Subscribe }>>)[router]?.[
    name
  ];
  if (!procedure) throw new Error(`No subscription ${path}`);
  return new Promise((resolve) => {
    const subscription = procedure.subscribe(input, {
      onData: () => {
        subscription.unsubscribe();
        resolve('streamed');
      },
      onError: (error: TRPCClientError<AppRouter>) =>
        resolve({ code: error.data?.code, message: error.message, fieldErrors: error.data?.fieldErrors ?? {} }),
    });
  });
}

async function refusalOf(path: string, type: string, input: unknown): Promise<Refusal | 'streamed'> {
  if (type === 'subscription') return subscribeRefusal(path, input);
  const response = await call(path, type as 'query' | 'mutation', input);
  expect(response.status, `${path} ${JSON.stringify(input)}`).toBe(400);
  const { error } = (await response.json()) as {
    error: { message: string; data: { code: string; fieldErrors?: Record<string, string[]> } };
  };
  return { code: error.data.code, message: error.message, fieldErrors: error.data.fieldErrors ?? {} };
}

it('walks every procedure with generated bad input: never a 5xx, always an error naming the field, nothing written', async () => {
  expect(procedures.length).toBeGreaterThan(25);
  const before = await documentCounts();
  for (const { path, type, schema } of procedures) {
    await fc.assert(
      fc.asyncProperty(badInputs(schema), async (input) => {
        const refusal = await refusalOf(path, type, input);
        if (refusal === 'streamed') throw new Error(`${path} accepted ${JSON.stringify(input)}`);
        expect(refusal.code).toBe('BAD_REQUEST');
        const fields = Object.keys(refusal.fieldErrors);
        expect(fields.length).toBeGreaterThan(0);
        for (const field of fields) expect(refusal.message).toContain(field);
      }),
      { numRuns: 25 },
    );
  }
  expect(await documentCounts()).toEqual(before);
}, 240_000);
