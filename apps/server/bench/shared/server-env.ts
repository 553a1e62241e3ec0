/**
 * A StudySync server's settings in a benchmark, on the database at `mongoUri`. Set-up is not
 * what is measured: cheap hashes and no per-address caps let thousands of students sign up and
 * connect from one address, and students who pair first and open the study page later (or
 * never) are not called off as ghosts meanwhile. `extra` adds or overrides settings.
 */
export function benchServerEnv(mongoUri: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    PORT: '0',
    METRICS_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SCRYPT_LOG2_COST: '10',
    SIGNUPS_PER_ADDRESS_PER_HOUR: '100000',
    WS_MAX_PER_ADDRESS: '100000',
    WS_MAX_CONNECTIONS: '1000000',
    STUDY_WAITING_GRACE_MS: '600000',
    MONGODB_URI: mongoUri,
    ...extra,
  };
}
