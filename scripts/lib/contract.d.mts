export interface SpecInfo {
  title: string;
  openapi: string;
  apiVersion: string;
  resourceVersion: string;
  contractSha256: string;
}
export function contractOf<T>(spec: T): T;
export function canonicalJson(value: unknown): string;
export function contractSha256(spec: unknown): string;
export function specInfo(spec: unknown): SpecInfo;
