export function recordRelease(options: {
  root: string;
  version: string;
  commit: string;
  spec: unknown;
  date?: string;
}): { dir: string; record: Record<string, unknown>; models: string[] };
