import { existsSync } from 'node:fs';
import { type Browser, chromium, type LaunchOptions } from 'playwright-core';
import { describe, it } from 'vitest';

/** Browser tests drive Debian's Chromium (apt-get install chromium); playwright downloads nothing. */
export const chromiumPath = '/usr/bin/chromium';

export const browserAvailable: boolean = existsSync(chromiumPath);

/** Under CI=true a missing Chromium is a failure, never a silent skip. */
export const browserRequired: boolean = process.env.CI === 'true';

export const CHROMIUM_REQUIRED_MESSAGE = 'Chromium is required under CI=true: apt-get install -y chromium';

const launchOptions: LaunchOptions = {
  executablePath: chromiumPath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export function launchChromium(): Promise<Browser> {
  return chromium.launch(launchOptions);
}

/**
 * `describe` for tests that need a real browser. Without Chromium: one failing test under CI=true,
 * otherwise a loud warning and the suite is skipped.
 */
export function describeBrowser(name: string, suite: () => void): void {
  if (browserAvailable) {
    describe(name, suite);
    return;
  }
  if (browserRequired) {
    describe(name, () => {
      it(`needs ${chromiumPath}`, () => {
        throw new Error(`${CHROMIUM_REQUIRED_MESSAGE} (${chromiumPath} not found)`);
      });
    });
    return;
  }
  const bar = '!'.repeat(90);
  console.warn(
    `\n${bar}\n!!! BROWSER TESTS SKIPPED: ${chromiumPath} not found; install with apt-get install chromium\n${bar}\n`,
  );
  describe.skipIf(true)(name, suite);
}
