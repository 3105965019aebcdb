// The dashboard specs' `test`: fails a test when the page logs a console error or throws.
import { expect, test as base } from '@playwright/test';

/** Console lines that are the browser reporting an API answer the test provoked on purpose (404/409), not app errors. */
const EXPECTED = /Failed to load resource: the server responded with a status of (404|409)/;

/** Playwright's test, plus a check that no console error or uncaught exception happened on the page. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && !EXPECTED.test(message.text())) errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
      await use(errors);
      expect(errors, 'console errors on the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
