// The same package through require(), as a CommonJS TypeScript consumer sees it.
import astra = require('astra-app-backups');

const client: astra.AstraClient = astra.createAstraClient({ accountId: 'a', token: 't' });
export const get = (id: string): Promise<astra.AppBackup> => client.appBackups.get(id);
export const isMissing = (error: unknown): boolean => error instanceof astra.NotFoundError;
