// Names for the generated types that users of the SDK meet. Nothing here restates
// a schema: every type is taken from generated/openapi.ts.

import { INCLUDE_FIELDS } from '../../generated/checks.js';
import type { components, operations } from '../../generated/openapi.js';

/** An application backup, as the API returns it. */
export type AppBackup = components['schemas']['AppBackup'];
/** `pending`, `discovering`, `running`, `completed`, `failed`, `removed` or `unknown`. */
export type BackupState = components['schemas']['BackupState'];
/** A name/value label. */
export type Label = components['schemas']['Label'];
/** An RFC 7807 problem document as this API sends it. */
export type Problem = components['schemas']['Problem'];
/** A field name that `include` accepts. */
export type AppBackupField = NonNullable<
  NonNullable<operations['listAppBackups']['parameters']['query']>['include']
>[number];

/** Every field `include` accepts, in the spec's order (generated from the spec). */
export const APP_BACKUP_FIELDS = Object.freeze([...INCLUDE_FIELDS]) as typeof INCLUDE_FIELDS;

// Fails to compile if the generated list and the generated types disagree.
type Missing = Exclude<AppBackupField, (typeof INCLUDE_FIELDS)[number]>;
const everyFieldListed: [Missing] extends [never] ? true : Missing = true;
void everyFieldListed;

/** A backup projected on the fields `F`: exactly those fields. */
export type ProjectedAppBackup<F extends readonly AppBackupField[]> = Pick<AppBackup, F[number]>;

/** What a list yields: full backups without `include`, projected ones with it. */
export type ListItem<F extends readonly AppBackupField[] | undefined> = F extends readonly AppBackupField[]
  ? ProjectedAppBackup<F>
  : AppBackup;
