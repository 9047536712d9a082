export function compareRanges(before: string, after: string): 'same' | 'widened' | 'narrowed' | 'changed';
export function diffPackages(
  before: unknown,
  after: unknown,
): { kind: 'breaking' | 'feature' | 'fix'; change: string }[];
