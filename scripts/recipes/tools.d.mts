export const toolSets: Record<string, string[]>;
