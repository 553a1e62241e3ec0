import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** false, a hop count, or proxy addresses/ranges for proxy-addr; `true` means the one load balancer in front. */
const trustProxy = z
  .string()
  .trim()
  .transform((value): false | number | string[] => {
    if (['false', '0', 'no', ''].includes(value)) return false;
    if (['true', 'yes'].includes(value)) return 1;
    if (/^\d+$/.test(value)) return Number(value);
    return value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  })
  .refine(
    (trust) =>
      !Array.isArray(trust) ||
      trust.every((entry) => PROXY_NAMES.includes(entry) || isIP(entry.split('/')[0] ?? '') !== 0),
    {
      message:
        'use false, a number of proxy hops, or proxy addresses/CIDR ranges (or loopback, linklocal, uniquelocal)',
    },
  );

const count = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** Every setting the server reads, from the environment, validated in one place. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** /metrics only, for Prometheus inside the cluster; never behind the public ingress. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MONGODB_URI: z
    .url({ protocol: /^mongodb(\+srv)?$/, message: 'must be a mongodb:// or mongodb+srv:// URL' })
    .optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, message: 'must be a redis:// or rediss:// URL' }).optional(),
  DATA_DIR: z.string().min(1).default(`${repoRoot}.data`),
  WEB_DIST: z.string().min(1).default(`${repoRoot}apps/web/dist`),
  SESSION_TTL_DAYS: z.coerce.number().min(1).max(365).default(30),
  ALLOWED_ORIGINS: commaList.optional(),
  TRUST_PROXY: trustProxy.default(false),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  STUDY_MINUTE_MS: z.coerce.number().int().min(10).max(60_000).default(60_000),
  PRESENCE_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
  STUDY_WAITING_GRACE_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** A study room empty this long closes by itself. */
  ROOM_EMPTY_CLOSE_MS: z.coerce.number().int().min(100).max(86_400_000).default(600_000),
  INSTANCE_TIMEOUT_MS: z.coerce.number().int().min(300).max(600_000).default(30_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(60_000).default(8_000),
  // Abuse limits (README: "Limits").
  SIGNIN_PAIR_MAX: count(1, 1_000, 5),
  SIGNIN_ACCOUNT_FREE_FAILURES: count(1, 10_000, 10),
  SIGNIN_ADDRESS_MAX: count(1, 100_000, 30),
  SIGNIN_WINDOW_MINUTES: count(1, 1_440, 15),
  SIGNUPS_PER_ADDRESS_PER_HOUR: count(1, 100_000, 20),
  CHAT_MESSAGES_PER_10S: count(1, 1_000, 10),
  TYPING_PER_10S: count(1, 1_000, 20),
  ROOM_JOINS_PER_MINUTE: count(1, 10_000, 20),
  SAFETY_ACTIONS_PER_10_MIN: count(1, 1_000, 30),
  SCRYPT_LOG2_COST: count(10, 20, 15),
  HASH_CONCURRENCY: count(1, 64, 2),
  HASH_QUEUE_MAX: count(1, 100_000, 100),
  MAX_BODY_BYTES: count(1_024, 100 * 1024 * 1024, 1024 * 1024),
  MAX_BATCH_CALLS: count(1, 1_000, 50),
  WS_MAX_CONNECTIONS: count(1, 1_000_000, 10_000),
  WS_MAX_PER_ADDRESS: count(1, 100_000, 20),
  WS_MAX_SUBSCRIPTIONS: count(1, 10_000, 50),
  WS_MAX_PAYLOAD_BYTES: count(1_024, 16 * 1024 * 1024, 64 * 1024),
  WS_MAX_BUFFERED_BYTES: count(16 * 1024, 1024 * 1024 * 1024, 4 * 1024 * 1024),
  SIGN_IN_CHECK_CACHE_MS: count(0, 300_000, 60_000),
  EMBEDDED_DB_MAX_RESTARTS: count(0, 100, 5),
});

export type ServerConfig = Omit<z.infer<typeof envSchema>, 'ALLOWED_ORIGINS'> & { ALLOWED_ORIGINS: string[] };

/** In development the Vite dev server (another origin) sends the requests. */
const DEV_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = envSchema
    // A cheap hash is for test suites only.
    .refine((config) => config.NODE_ENV !== 'production' || config.SCRYPT_LOG2_COST >= 15, {
      path: ['SCRYPT_LOG2_COST'],
      message: 'must be at least 15 in production',
    })
    .safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const { ALLOWED_ORIGINS, ...rest } = parsed.data;
  return { ...rest, ALLOWED_ORIGINS: ALLOWED_ORIGINS ?? (rest.NODE_ENV === 'development' ? DEV_ORIGINS : []) };
}
