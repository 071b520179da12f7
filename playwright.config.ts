import { defineConfig } from '@playwright/test';
import { electronBinary } from './e2e/support/electron-binary.ts';

const hasElectron = electronBinary() !== undefined;

// The same specs run in two projects: `web` drives the renderer through the bridge in
// Debian's Chromium; `electron` drives the Electron app where a binary exists (here it
// reports one skip with the reason).
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['html', { outputFolder: 'test-results/e2e-report', open: 'never' }]],
  globalSetup: './e2e/support/global-setup.ts',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1440, height: 900 },
  },
  projects: [
    {
      name: 'web',
      testIgnore: 'electron-unavailable.spec.ts',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.STRATA_CHROMIUM ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
            '--disable-sync',
            '--disable-quic',
          ],
        },
      },
    },
    // Without a binary, the electron project runs only the spec that reports why it is skipped.
    {
      name: 'electron',
      testMatch: hasElectron ? '**/*.spec.ts' : 'electron-unavailable.spec.ts',
      testIgnore: hasElectron ? 'electron-unavailable.spec.ts' : [],
    },
  ],
});
