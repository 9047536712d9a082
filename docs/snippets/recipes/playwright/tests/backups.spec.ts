// tests/backups.spec.ts
import { expect, test } from './astra';

const list = 'listAppBackupsForApp'; // the operation the page's list calls

test('shows the error when listing fails', async ({ page, astra }) => {
  // The SDK retries a GET twice: a fault that holds ('always') is one the page shows.
  await astra.fault({ operationId: list, fault: 503, retryAfter: 0, times: 'always' });
  await page.goto('/');
  await expect(page.getByRole('alert')).toContainText('Backups could not be loaded');
});

test('shows loading while the list is slow', async ({ page, astra }) => {
  await astra.latency({ operationId: list, ms: 3_000 });
  await page.goto('/');
  await expect(page.getByText('Loading backups…')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Backups' })).toContainText('db-running: running');
});

test('says so when the app has no backups', async ({ page, astra }) => {
  await astra.load({ accounts: [{ id: astra.mock.accountId, apps: [] }] });
  await page.goto('/');
  await expect(page.getByText('No backups yet')).toBeVisible();
});

test('starts from the seed: no fault, delay or fixture of an earlier test', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('list', { name: 'Backups' })).toContainText('db-failed: failed');
});
