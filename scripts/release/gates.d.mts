import type { SpecDiff } from './spec-diff.mjs';

export const PACKAGE: string;
export const WATCHED: string[];
export type Bump = 'none' | 'patch' | 'minor' | 'major';
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
export function latestRelease(root: string): ReleaseRecord;
export function changedSince(root: string, commit: string): string[];
export function readChangesets(root: string): Changeset[];
export function breakingBump(version: string): Bump;
export function judge(facts: {
  release: { version: string; commit: string };
  changed: string[];
  changesets: Changeset[];
  breaking: string[];
}): string[];
export function checkTree(
  root: string,
  spec: unknown,
): SpecDiff & {
  release: ReleaseRecord;
  changed: string[];
  changesets: Changeset[];
  problems: string[];
};
