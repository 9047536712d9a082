// `astra-app-backups/query`: TanStack Query options over the SDK, framework-neutral.
// `@tanstack/query-core` is an optional peer: only its types are used.
export { type AstraKeys, astraKeys, type ListKeyOptions, QUERY_SCOPE } from './keys.js';
export {
  type AstraInfiniteQueryOptions,
  type AstraMutationOptions,
  type AstraProgressQueryOptions,
  type AstraQueries,
  type AstraQueryOptions,
  type BackupQueryOptions,
  type CreateBackupVariables,
  createAstraQueries,
  type DeleteBackupVariables,
  type InfiniteListQueryOptions,
  type ListQueryOptions,
  type ProgressQueryOptions,
  pollDelay,
} from './queries.js';
