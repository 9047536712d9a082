// Compile-time checks (npm test type-checks test/ with tsc): a projected list item
// has exactly the included fields, and wrong paths or body fields do not compile.
import { describe, expectTypeOf, it } from 'vitest';
import { type AppBackup, createAstraClient } from '../../src/sdk/index.js';
import { ACCOUNT, backup, json } from '../support/fake-fetch.js';

const client = createAstraClient({
  accountId: ACCOUNT,
  token: 't',
  fetch: async () => json({ items: [], metadata: {} }),
});

describe('types', () => {
  it('a projected item has exactly the included fields', async () => {
    const page = await client.appBackups.listPage({ include: ['id', 'name', 'state'] });
    expectTypeOf(page.items[0] as (typeof page.items)[number]).toEqualTypeOf<
      Pick<AppBackup, 'id' | 'name' | 'state'>
    >();
    for await (const item of client.appBackups.list({ include: ['percentDone'] })) {
      expectTypeOf(item).toEqualTypeOf<Pick<AppBackup, 'percentDone'>>();
      // @ts-expect-error a field that was not included is not there
      void item.state;
    }
  });

  it('an item without include is a whole AppBackup', async () => {
    const page = await client.appBackups.listPage();
    expectTypeOf(page.items).toEqualTypeOf<AppBackup[]>();
  });

  it('include names are checked at compile time', () => {
    // @ts-expect-error 'colour' is not a field of a backup
    void (() => client.appBackups.listPage({ include: ['colour'] }));
  });

  it('a wrong operation path or body field fails to compile on the raw client', () => {
    // @ts-expect-error no such path
    void (() => client.raw.GET('/accounts/{account_id}/appBackups', {}));
    void (() =>
      client.raw.POST('/accounts/{account_id}/k8s/v1/apps/{app_id}/appBackups', {
        params: { path: { account_id: 'a', app_id: 'b' } },
        // @ts-expect-error `nmae` is not a field of the create body
        body: { type: 'application/astra-appBackup', version: '1.1', nmae: 'x' },
      }));
    // @ts-expect-error `nmae` is not a create field of the helper
    void (() => client.appBackups.create('app', { nmae: 'x' }));
    expectTypeOf(backup).returns.toBeObject();
  });
});
