// Types of scripts/postgres-server.mjs for the TypeScript that uses it (scripts/bench/visit-rush.ts).
export const DEFAULT_POSTGRES_URL: string;
export function postgresServerUrl(): string | null;
export function whyNotUsable(url: string): Promise<string | null>;
export function withDatabase(url: string, name: string): string;
