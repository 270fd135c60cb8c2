/** The emergency checklist, in the order the seed articles give it. Kept free of zod: the popup imports it. */
export const EMERGENCY_STEPS = ['logout', 'password', 'twoFactor', 'apiKeys', 'history', 'support'] as const;
export type EmergencyStep = (typeof EMERGENCY_STEPS)[number];
