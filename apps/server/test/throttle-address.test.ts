import { afterAll, beforeAll, expect, it } from 'vitest';
import { errorOf, studentClient } from './support/client';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it('throttles one address that keeps failing across many accounts', async () => {
  const client = studentClient(server.url);
  for (let attempt = 0; attempt < 30; attempt += 1) {
    const error = await errorOf(client.api.auth.login.mutate({ identifier: `ghost_${attempt}`, password: 'x' }));
    expect(error.data?.code).toBe('UNAUTHORIZED');
  }
  const throttled = await errorOf(client.api.auth.login.mutate({ identifier: 'ghost_new', password: 'x' }));
  expect(throttled.data?.code).toBe('TOO_MANY_REQUESTS');
});
