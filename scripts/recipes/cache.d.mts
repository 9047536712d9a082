export const cacheRoot: string;
export function toolFolder(set: string): string;
export function ensureTools(set: string): Promise<string>;
export function scratchProject(set: string, tarball: string, packageJson?: Record<string, unknown>): Promise<string>;
