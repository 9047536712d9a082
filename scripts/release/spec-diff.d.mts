export interface SpecDiff {
  breaking: string[];
  nonBreaking: string[];
}
export function diffSpecs(before: unknown, after: unknown): SpecDiff;
