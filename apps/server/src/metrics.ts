import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProcedureMetric } from '@studysync/api';

export interface Metrics {
  registry: Registry;
  observeProcedure(metric: ProcedureMetric): void;
}

/** One registry per server instance, so tests can run several side by side. */
export function createMetrics(openConnections: () => number): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'studysync_trpc_requests_total',
    help: 'tRPC procedure calls by procedure, type and result',
    labelNames: ['procedure', 'type', 'result', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'studysync_trpc_request_duration_seconds',
    help: 'tRPC procedure duration in seconds (subscriptions: until the stream starts)',
    labelNames: ['procedure', 'type', 'result'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'studysync_websocket_connections_open',
    help: 'Open WebSocket connections',
    registers: [registry],
    collect() {
      this.set(openConnections());
    },
  });

  return {
    registry,
    observeProcedure({ path, type, result, code, durationMs }) {
      requests.inc({ procedure: path, type, result, code });
      duration.observe({ procedure: path, type, result }, durationMs / 1000);
    },
  };
}
