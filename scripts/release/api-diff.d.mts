export function diffModels(
  before: unknown,
  after: unknown,
  entry?: string,
): { kind: 'breaking' | 'feature'; change: string }[];
