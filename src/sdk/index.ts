export { type AstraClient, createAstraClient } from './client.js';
export {
  AstraError,
  AuthenticationError,
  BackupFailedError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  InvalidInputError,
  isAstraError,
  isProblemError,
  NotFoundError,
  PermissionDeniedError,
  ProblemError,
  RateLimitError,
  TimeoutError,
  UnexpectedResponseError,
} from './errors.js';
export {
  type AstraClientOptions,
  DEFAULTS,
  type Logger,
  type LogLevel,
  type RequestOptions,
  type TokenSource,
} from './options.js';
export { isKnownProblemCode, type KnownProblemCode, PROBLEM_CODES } from './problem-codes.js';
export type {
  AppBackupPage,
  CreateAppBackupInput,
  CreatedAppBackup,
  ItemOptions,
  ListAllOptions,
  ListOptions,
  ListPageOptions,
} from './resources/app-backups.js';
export { AppBackups } from './resources/app-backups.js';
export type { AnsweredResponse } from './transport.js';
export {
  APP_BACKUP_FIELDS,
  type AppBackup,
  type AppBackupField,
  type BackupState,
  type Label,
  type ListItem,
  type Problem,
  type ProjectedAppBackup,
} from './types.js';
export { WAIT_DEFAULTS, type WaitOptions } from './wait.js';
