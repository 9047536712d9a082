export const EXAMPLE_ACCOUNT: string;
export const EXAMPLE_APPS: Readonly<{ shop: string; nightly: string; states: string }>;
export const EXAMPLE_BACKUP: string;
export const EXAMPLE_COMPLETED_BACKUP: string;
export function seedBackups(): { id: string; appId: string; name: string; fixed: { state: string } }[];
