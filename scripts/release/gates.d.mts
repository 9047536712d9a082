export const PACKAGE: string;
export const CONFIG: string;
export const WATCHED: string[];
export type Bump = 'none' | 'patch' | 'minor' | 'major';
export type Kind = 'breaking' | 'feature' | 'fix';
export interface Watched {
  path: string;
  what: string;
  judge: 'api' | 'spec' | 'package' | 'changeset' | 'patch';
}
export interface Config {
  baseline: string;
  watched: Watched[];
}
export interface ReleaseRecord {
  version: string;
  commit: string;
  date: string;
  apiVersion: string;
  resourceVersion: string;
  contractSha256: string;
  dir: string;
  spec: unknown;
}
export interface Changeset {
  file: string;
  bump: Bump;
}
export interface Change {
  kind: Kind;
  change: string;
  bump: Bump;
  file?: string;
}
export interface Step {
  label: string;
  files: string[];
  changesets: Changeset[];
  changes: Change[];
  required: Bump;
}
export function loadConfig(root: string): Config;
export function latestRelease(root: string): ReleaseRecord;
export function readRecord(root: string, version: string): ReleaseRecord;
export function changedSince(root: string, commit: string, config?: Config): string[];
export function parseChangeset(name: string, text: string): Bump;
export function readChangesets(root: string): Changeset[];
export function maxBump(bumps: Bump[]): Bump;
export function breakingBump(version: string): Bump;
export function bumpFor(kind: Kind, version: string): Bump;
export function nextVersion(version: string, bump: Bump): string;
export function baselineOf(root: string, config?: Config): string | undefined;
export function commitsToJudge(root: string, options?: { base?: string; config?: Config }): string[];
export function checkCommits(
  root: string,
  options?: { base?: string; spec?: unknown; version?: string; config?: Config },
): { steps: Step[]; problems: string[] };
export function checkRecords(root: string, config?: Config): string[];
export function checkRelease(
  root: string,
  spec: unknown,
  config?: Config,
): {
  release: ReleaseRecord;
  changed: string[];
  changes: Change[];
  required: Bump;
  changesets: Changeset[];
  problems: string[];
};
export function checkTree(
  root: string,
  spec: unknown,
  options?: { base?: string },
): {
  release: ReleaseRecord;
  changed: string[];
  changes: Change[];
  required: Bump;
  changesets: Changeset[];
  breaking: string[];
  nonBreaking: string[];
  steps: Step[];
  problems: string[];
};
