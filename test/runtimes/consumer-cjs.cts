// The same package through require(), as a CommonJS TypeScript consumer sees it.
import astra = require('astra-app-backups');

const client: astra.AstraClient = astra.createAstraClient({ accountId: 'a', token: 't' });
const get = (id: string): Promise<astra.AppBackup> => client.appBackups.get(id);
const isMissing = (error: unknown): boolean => error instanceof astra.NotFoundError;
// @ts-expect-error a ConflictError has no retryAfterMs (only a RateLimitError has)
const wrong = (error: astra.ConflictError): number => error.retryAfterMs;

export = { get, isMissing, wrong };
