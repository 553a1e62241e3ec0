import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** Every setting the server reads, from the environment, validated in one place. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
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
  TRUST_PROXY: booleanFlag.default(false),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  STUDY_MINUTE_MS: z.coerce.number().int().min(10).max(60_000).default(60_000),
  PRESENCE_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
  INSTANCE_TIMEOUT_MS: z.coerce.number().int().min(300).max(600_000).default(30_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(60_000).default(8_000),
});

export type ServerConfig = Omit<z.infer<typeof envSchema>, 'ALLOWED_ORIGINS'> & { ALLOWED_ORIGINS: string[] };

/** In development the Vite dev server (another origin) sends the requests. */
const DEV_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const { ALLOWED_ORIGINS, ...rest } = parsed.data;
  return { ...rest, ALLOWED_ORIGINS: ALLOWED_ORIGINS ?? (rest.NODE_ENV === 'development' ? DEV_ORIGINS : []) };
}
