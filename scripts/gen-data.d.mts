// Types for the TypeScript tests that generate the data they read.
export const PLACES_PATH: string;
export const HOSTING_PATH: string;
export const PROVIDERS_PATH: string;
export function isStale(output: string, inputs: string[]): boolean;
export function generateData(options?: {
  force?: boolean;
  log?: (line: string) => void;
}): Promise<({ name: string; path: string } & Record<string, unknown>)[]>;
