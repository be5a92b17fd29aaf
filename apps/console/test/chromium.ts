import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Chromium, which the console's browser tests drive through playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Installs Debian's `chromium` package when it is missing (the project's own setup, so a fresh
 * machine needs no manual step); throws an error that says what to do when that fails.
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const apt = (args: string[]) =>
    spawnSync('apt-get', args, {
      encoding: 'utf8',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 600_000,
    });
  let result = apt(['install', '-y', '--no-install-recommends', 'chromium']);
  // A fresh image has no package lists yet: fetch them once and try again.
  if (result.status !== 0) {
    apt(['update']);
    result = apt(['install', '-y', '--no-install-recommends', 'chromium']);
  }
  if (result.status !== 0 || !existsSync(CHROMIUM)) {
    const output =
      `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`
        .trim()
        .split('\n')
        .slice(-15)
        .join('\n');
    throw new Error(
      `The console's browser tests need Debian's Chromium at ${CHROMIUM}, and ` +
        '`apt-get install -y chromium` did not install it (run it as root, or install the ' +
        `package by hand):\n${output}`,
    );
  }
  return CHROMIUM;
}

/**
 * A font with Chinese glyphs for Chromium (Debian's `fonts-wqy-microhei`, installed like Chromium
 * when missing): without one, Chinese text renders as empty boxes in the screenshots.
 */
export function ensureCjkFont(): void {
  const hasFont = () =>
    (spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).stdout ?? '').trim().length > 0;
  if (hasFont()) return;
  const result = spawnSync(
    'apt-get',
    ['install', '-y', '--no-install-recommends', 'fonts-wqy-microhei'],
    {
      encoding: 'utf8',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 600_000,
    },
  );
  if (result.status !== 0 || !hasFont()) {
    throw new Error(
      'The screenshots need a Chinese font: `apt-get install -y fonts-wqy-microhei` did not ' +
        `install one (run it as root):\n${(result.stderr ?? '').trim().split('\n').slice(-5).join('\n')}`,
    );
  }
}
