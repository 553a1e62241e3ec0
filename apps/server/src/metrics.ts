import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BusHealth, EventBus, ProcedureMetric, ReportMetric } from '@studysync/api';

export interface Metrics {
  registry: Registry;
  observeProcedure(metric: ProcedureMetric): void;
  /** A new report (safety.report), by reason and target kind; repeats are not counted. */
  reportFiled(metric: ReportMetric): void;
  /** The bus, counting what is published on it by event type. */
  metered(bus: EventBus): EventBus;
  /** A WebSocket refused at the upgrade or closed by a limit (websocket-limits.ts). */
  websocketLimited(reason: string): void;
}

/** What the gauges read when Prometheus scrapes. */
export interface MetricSources {
  openConnections: () => number;
  databaseReachable: () => Promise<boolean>;
  /** Study sessions under way, across all servers; null when they cannot be counted now. */
  activeSessions: () => Promise<number | null>;
  bus: () => BusHealth;
}

/** One registry per server instance, so tests can run several side by side. */
export function createMetrics(sources: MetricSources): Metrics {
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
      this.set(sources.openConnections());
    },
  });
  new Gauge({
    name: 'studysync_database_up',
    help: 'Whether the database answers a ping (1) or not (0)',
    registers: [registry],
    async collect() {
      this.set((await sources.databaseReachable()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'studysync_study_sessions_active',
    help: 'Study sessions under way on all servers (the same figure from every replica)',
    registers: [registry],
    async collect() {
      const count = await sources.activeSessions();
      if (count !== null) this.set(count);
    },
  });
  new Gauge({
    name: 'studysync_bus_connected',
    help: 'Whether the realtime event bus can deliver (1) or not (0); the in-process bus always can',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      const health = sources.bus();
      this.set({ kind: health.kind }, health.connected ? 1 : 0);
    },
  });
  const busCounts = [
    ['published', 'Events this server handed to the bus'],
    ['received', 'Events this server received from the bus (each delivered to its local streams)'],
    ['publishFailures', 'Events the bus could not publish (logged; readers backfill from the database)'],
    ['dropped', 'Messages received from the bus that were not a known event (logged and dropped)'],
  ] as const;
  for (const [field, help] of busCounts) {
    const name = field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    new Counter({
      name: `studysync_bus_messages_${name}_total`,
      help,
      registers: [registry],
      collect() {
        // The bus keeps the running total (it only grows); the counter reports it.
        this.reset();
        this.inc(sources.bus()[field]);
      },
    });
  }
  const events = new Counter({
    name: 'studysync_realtime_events_published_total',
    help: 'Realtime events published by this server, by event type',
    labelNames: ['type'] as const,
    registers: [registry],
  });

  const websocketLimited = new Counter({
    name: 'studysync_websocket_limited_total',
    help: 'WebSockets refused or closed by a limit, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });

  const reports = new Counter({
    name: 'studysync_reports_total',
    help: 'Reports students filed (each reporter and target once), by reason and target kind',
    labelNames: ['reason', 'kind'] as const,
    registers: [registry],
  });

  return {
    registry,
    reportFiled: ({ reason, kind }) => reports.inc({ reason, kind }),
    websocketLimited: (reason) => websocketLimited.inc({ reason }),
    observeProcedure({ path, type, result, code, durationMs }) {
      requests.inc({ procedure: path, type, result, code });
      duration.observe({ procedure: path, type, result }, durationMs / 1000);
    },
    metered: (bus) => ({
      publish(topic, event) {
        events.inc({ type: event.type });
        return bus.publish(topic, event);
      },
      subscribe: (topic, listener, onLost) => bus.subscribe(topic, listener, onLost),
      health: () => bus.health(),
      close: () => bus.close(),
    }),
  };
}
