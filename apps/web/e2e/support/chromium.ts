import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where Debian's `chromium` package puts its browser (and Ubuntu's older name for it). */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Flags that work on CI machines and containers: no sandbox, no GPU, no network of its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  return CANDIDATES.find((path) => existsSync(path));
}

function canInstallWithApt(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

function aptGet(args: string[]): void {
  execFileSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/**
 * The system Chromium the browser tests drive. Missing, it is installed from Debian's packages
 * when this process may (root, apt-get); a browser is never downloaded from anywhere else.
 */
export function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  if (!canInstallWithApt()) {
    throw new Error(
      'The browser tests need Chromium and it is not installed: install the `chromium` package ' +
        '(`apt-get install chromium` as root) or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  console.log('Chromium is missing: installing the Debian package `chromium` (once)…');
  try {
    aptGet(['install', '-y', '--no-install-recommends', 'chromium']);
  } catch {
    // A fresh machine may have no package lists yet.
    aptGet(['update']);
    aptGet(['install', '-y', '--no-install-recommends', 'chromium']);
  }
  const installed = findChromium();
  if (!installed) throw new Error('apt-get installed `chromium`, but no binary is at ' + CANDIDATES.join(' or '));
  return installed;
}
