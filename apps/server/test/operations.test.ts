import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from '@studysync/db';
import { signedUpStudent } from './support/client';
import { spawnServer, startServerProcess } from './support/process';
import { startTestServer, type TestServer } from './support/server';
import { startServer } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('health, readiness and metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('serves /metrics on the metrics port only, not on the public one', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    const scrape = await fetch(`${server.metricsUrl}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    expect((await fetch(`${server.metricsUrl}/healthz`)).status).toBe(404);
  });

  it('counts procedures by name, type and result, and open WebSockets', async () => {
    const client = await signedUpStudent(server.url);
    await client.api.auth.me.query();
    const subscription = client.api.account.events.subscribe(undefined, { onData: () => undefined });
    await expect
      .poll(async () => (await fetch(`${server.metricsUrl}/metrics`)).text())
      .toContain('studysync_websocket_connections_open 1');
    const text = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    expect(text).toContain(
      'studysync_trpc_requests_total{procedure="auth.signup",type="mutation",result="ok",code="OK"} 1',
    );
    expect(text).toContain('studysync_trpc_requests_total{procedure="auth.me",type="query",result="ok",code="OK"} 1');
    expect(text).toMatch(
      /studysync_trpc_request_duration_seconds_count\{procedure="auth.me",type="query",result="ok"\} 1/,
    );
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('studysync_database_up 1');
    expect(text).toContain('studysync_study_sessions_active 0');

    // Two students paired: one session under way, and the match told to each.
    const partner = await signedUpStudent(server.url);
    await client.api.study.findPartner.mutate({ minutes: 25 });
    await partner.api.study.findPartner.mutate({ minutes: 25 });
    const after = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    expect(after).toContain('studysync_study_sessions_active 1');
    expect(after).toContain('studysync_realtime_events_published_total{type="matchFound"} 2');
    subscription.unsubscribe();
    await client.close();
    await partner.close();
  });
});

it('reports not ready (503) when the database is gone, while staying alive', async () => {
  // An engine of its own, since this test stops it.
  const engine = await startEmbeddedDatabase({ logger: quiet });
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', METRICS_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  const server = await startServer({ config, logger: createLogger(config), database: { uri: engine.uri } });
  try {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    await engine.stop();
    const down = await fetch(`${server.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'database unreachable' });
    // Metrics still answer, and say so.
    const metrics = await fetch(`${server.metricsUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('studysync_database_up 0');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  } finally {
    await server.close();
    await engine.stop();
  }
});

describe('configuration', () => {
  it('names the bad setting', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ MONGODB_URI: 'http://x' })).toThrow(/MONGODB_URI: must be a mongodb/);
    expect(() => loadConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
  });

  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.METRICS_PORT).toBe(9464);
    expect(config.DATA_DIR).toMatch(/\.data$/);
    // `npm run dev` serves the web app from Vite on :5173; production trusts only itself.
    expect(config.ALLOWED_ORIGINS).toContain('http://localhost:5173');
    expect(loadConfig({ NODE_ENV: 'production' }).ALLOWED_ORIGINS).toEqual([]);
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://a.example, https://b.example' }).ALLOWED_ORIGINS).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });
});

describe('the process', () => {
  it('exits 1 with a clear message on a bad setting', async () => {
    const child = spawnServer({ PORT: 'seventy' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
  });

  it('on SIGTERM tells WebSocket clients to reconnect, finishes and exits 0 within 10 s', async () => {
    const server = await startServerProcess(`sigterm_${randomUUID().slice(0, 8)}`);
    const client = await signedUpStudent(server.url);

    // A personal stream, so the server has a WebSocket client to tell.
    client.api.account.events.subscribe(undefined, {});
    // Raw socket too, to see the reconnect notification itself.
    const { default: WebSocket } = await import('ws');
    const raw = new WebSocket(`ws://127.0.0.1:${server.port}/trpc`);
    const messages: string[] = [];
    raw.on('message', (data: Buffer) => messages.push(data.toString()));
    await new Promise((resolve) => raw.once('open', resolve));

    const started = Date.now();
    server.child.kill('SIGTERM');
    const code = await server.exited;
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(messages.some((message) => message.includes('"reconnect"'))).toBe(true);
    expect(server.output()).toContain('StudySync stopped');
    await client.close();
  });
});
