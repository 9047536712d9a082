export const MOCK_URL: string;
export function codeSamples(): Record<string, { lang: string; label: string; source: string }[]>;
