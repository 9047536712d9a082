export const REPORTS: string;
export interface Entry {
  subpath: string;
  dts: string;
  name: string;
}
export function entries(pkg: unknown): Entry[];
export function extract(options: {
  root: string;
  dts: string;
  name: string;
  reportFolder: string;
  tempFolder: string;
  update: boolean;
}): {
  changed: boolean;
  missing: boolean;
  fresh: string;
  report: string;
  model: string;
  freshModel: string;
  errors: string[];
};
export function normalizeModel(model: unknown): unknown;
export function apiReports(options?: { root?: string; update?: boolean; reportFolder?: string }): {
  entries: Entry[];
  problems: string[];
};
