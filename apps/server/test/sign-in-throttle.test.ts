import { afterAll, beforeAll, expect, it } from 'vitest';
import { errorOf, errorsOf, signedUpStudent, studentClient } from './support/client';
import { startTestServer, type TestServer } from './support/server';

// One hop of proxy: the test process plays the load balancer and says which address is calling.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { TRUST_PROXY: '1', MAX_BATCH_CALLS: '200' } });
});
afterAll(() => server.close());

const from = (address: string) => studentClient(server.url, { headers: { 'x-forwarded-for': address } });
let nextAddress = 0;
const freshAddress = () => `198.51.100.${(nextAddress += 1)}`;

it('reserves each attempt before checking it: one batch of guesses cannot slip the right one past the budget', async () => {
  const { details } = await signedUpStudent(server.url);
  const attacker = from(freshAddress());
  // 100 wrong passwords and then the right one, in one batched POST.
  const guesses = Array.from({ length: 100 }, (_, index) =>
    attacker.api.auth.login.mutate({ identifier: details.username, password: `wrong guess ${index}` }),
  );
  const right = attacker.api.auth.login.mutate({ identifier: details.username, password: details.password });
  const [rightError, ...errors] = await errorsOf([right, ...guesses]);
  const codes = errors.map((error) => error.data?.code);
  // The budget (5 per account and address) was spent by the first five checked; none got more.
  expect(codes.filter((code) => code === 'UNAUTHORIZED')).toHaveLength(5);
  expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(95);
  expect(rightError?.data?.code).toBe('TOO_MANY_REQUESTS');
});

it('counts email and username against one budget: the account, not the string typed', async () => {
  const { details } = await signedUpStudent(server.url);
  const client = from(freshAddress());
  for (const identifier of [details.email, details.username, details.email, details.username, details.email]) {
    const error = await errorOf(client.api.auth.login.mutate({ identifier, password: 'wrong password' }));
    expect(error.data?.code).toBe('UNAUTHORIZED');
  }
  const refused = await errorOf(
    client.api.auth.login.mutate({ identifier: details.username.toUpperCase(), password: details.password }),
  );
  expect(refused.data?.code).toBe('TOO_MANY_REQUESTS');
});

it('does not let an attacker at one address lock the owner out from another', async () => {
  const { details, user } = await signedUpStudent(server.url);
  const attacker = from(freshAddress());
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const error = await errorOf(attacker.api.auth.login.mutate({ identifier: details.email, password: 'guess guess' }));
    expect(error.data?.code).toBe('UNAUTHORIZED');
  }
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const error = await errorOf(attacker.api.auth.login.mutate({ identifier: details.email, password: 'guess guess' }));
    expect(error.data?.code).toBe('TOO_MANY_REQUESTS');
  }
  // Even the right password is refused to the attacker's address...
  const atAttacker = await errorOf(
    attacker.api.auth.login.mutate({ identifier: details.email, password: details.password }),
  );
  expect(atAttacker.data?.code).toBe('TOO_MANY_REQUESTS');
  // ...while the owner, elsewhere, signs in.
  const owner = from(freshAddress());
  await expect(owner.api.auth.login.mutate({ identifier: details.email, password: details.password })).resolves.toEqual(
    user,
  );
});

it('slows guesses spread over many addresses with a growing delay, which the owner can wait out', async () => {
  const { details, user } = await signedUpStudent(server.url);
  // SIGNIN_ACCOUNT_FREE_FAILURES (10) failures cost nothing but the count; the eleventh adds a delay.
  for (let attempt = 0; attempt < 11; attempt += 1) {
    const error = await errorOf(
      from(freshAddress()).api.auth.login.mutate({ identifier: details.username, password: 'spread guess' }),
    );
    expect(error.data?.code).toBe('UNAUTHORIZED');
  }
  const owner = from(freshAddress());
  const delayed = await errorOf(
    owner.api.auth.login.mutate({ identifier: details.username, password: details.password }),
  );
  expect(delayed.data?.code).toBe('TOO_MANY_REQUESTS');
  expect(delayed.message).toMatch(/Try again in \d+ seconds?/);
  // The delay is short: the owner gets in once it passes.
  await expect
    .poll(
      () => owner.api.auth.login.mutate({ identifier: details.username, password: details.password }).catch(() => null),
      { timeout: 5_000, interval: 250 },
    )
    .toEqual(user);
});

it('takes the address from the nearest untrusted hop, so a client cannot pick one by writing X-Forwarded-For', async () => {
  const address = freshAddress();
  for (let attempt = 0; attempt < 30; attempt += 1) {
    // The client writes a new "address" each time; the trusted proxy appends the real one.
    const client = studentClient(server.url, { headers: { 'x-forwarded-for': `10.0.0.${attempt}, ${address}` } });
    const error = await errorOf(client.api.auth.login.mutate({ identifier: `ghost_${attempt}`, password: 'x' }));
    expect(error.data?.code).toBe('UNAUTHORIZED');
  }
  const spoofing = studentClient(server.url, { headers: { 'x-forwarded-for': `10.9.9.9, ${address}` } });
  const refused = await errorOf(spoofing.api.auth.login.mutate({ identifier: 'ghost_next', password: 'x' }));
  expect(refused.data?.code).toBe('TOO_MANY_REQUESTS');
});
