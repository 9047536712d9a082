export function repositoryOf(url: unknown, server: string): string | undefined;
export function publishLinks(
  pkg: Record<string, unknown>,
  env?: Record<string, string | undefined>,
): {
  repository: string | undefined;
  fields: Record<string, unknown>;
  added: string[];
  problems: string[];
};
