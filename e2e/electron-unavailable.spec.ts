import { test } from '@playwright/test';
import { ELECTRON_MISSING_REASON } from './support/electron-binary.ts';

test('electron app', () => {
  test.skip(true, ELECTRON_MISSING_REASON);
});
