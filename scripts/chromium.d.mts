// Types for scripts/chromium.mjs (used by the TypeScript e2e fixtures).
export const CHROMIUM_PATH: string;
export function extensionArgs(dist: string): string[];
