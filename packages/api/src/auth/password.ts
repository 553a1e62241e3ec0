import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import pLimit from 'p-limit';
import { DomainError } from '../errors';

// scrypt with N=2^15, r=8: 32 MiB and tens of milliseconds per hash (OWASP's floor is N=2^17/r=8/p=1
// or N=2^15 at higher p; we stay memory-hard while keeping sign-in snappy on small pods).
export const PRODUCTION_LOG2_COST = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEM = 64 * 1024 * 1024;

export interface PasswordHashingSettings {
  /** log2 of scrypt's N. 15 in production; config refuses less there (tests go lower for speed). */
  log2Cost: number;
  /** New hashes (sign-ups) at once: kept below libuv's 4 threads so sign-ins always find one. */
  hashConcurrency: number;
  /** Password checks (sign-ins) at once. */
  verifyConcurrency: number;
  /** Waiting hashes or checks beyond this are refused as "busy" instead of queueing without end. */
  maxQueued: number;
}

export interface PasswordHasher {
  /** Returns `scrypt$N$r$p$salt$hash` (base64), self-describing so parameters can change later. */
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** Costs what a real check costs, so an unknown user answers in the same time as a wrong password. */
  verifyAgainstDecoy(password: string): Promise<false>;
}

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEM }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

const busy = () => new DomainError('TOO_MANY_REQUESTS', 'The server is busy. Try again in a moment.');

export function createPasswordHasher(settings: PasswordHashingSettings): PasswordHasher {
  const N = 2 ** settings.log2Cost;
  // Separate pools: a flood of sign-ups waits on its own queue, never in front of sign-ins.
  const hashing = pLimit(settings.hashConcurrency);
  const verifying = pLimit(settings.verifyConcurrency);
  const bounded = <T>(pool: typeof hashing, task: () => Promise<T>): Promise<T> => {
    if (pool.pendingCount >= settings.maxQueued) return Promise.reject(busy());
    return pool(task);
  };

  const hash = (password: string) =>
    bounded(hashing, async () => {
      const salt = randomBytes(16);
      const key = await derive(password, salt, { N, r: R, p: P });
      return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
    });

  const verify = (password: string, stored: string) =>
    bounded(verifying, async () => {
      const [scheme, n, r, p, salt, storedHash] = stored.split('$');
      if (scheme !== 'scrypt' || !n || !r || !p || !salt || !storedHash) return false;
      const expected = Buffer.from(storedHash, 'base64');
      const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    });

  let decoy: Promise<string> | undefined;
  return {
    hash,
    verify,
    async verifyAgainstDecoy(password) {
      decoy ??= hash('decoy-password-never-matches');
      await verify(password, await decoy);
      return false;
    },
  };
}
