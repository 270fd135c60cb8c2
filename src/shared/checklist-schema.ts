/**
 * The checklist as settings keep it: the schema alone, without the YAML reader (src/shared/checklist.ts), so the
 * worker and every page that reads settings do not carry a YAML parser.
 */
import { type Checklist, type ChecklistAccount, dayOf } from '../core/checklist';
import { isValidCidr } from '../core/ip';
import { z } from './zod';
import { REFINE_CIDR, REFINE_DATE } from './zod-issue';

export const label = z.string().trim().min(1).max(100);
export const date = z
  .string()
  .max(10)
  .refine((d) => dayOf(d) !== undefined, REFINE_DATE);
/** A CIDR, or a word the seed uses for "no fixed network" (`mobile`, `any`). */
export const ipRange = z
  .string()
  .trim()
  .max(64)
  .refine((r) => isValidCidr(r) || /^(mobile|any|dynamic|vpn)$/i.test(r), REFINE_CIDR);

export const ChecklistAccountSchema = z.strictObject({
  name: z.string().min(1).max(100),
  twoFactor: z.strictObject({ type: z.string().max(100), lastVerified: date.optional() }).optional(),
  isAntiPhishingCodeSet: z.boolean(),
  isWithdrawalWhitelistOn: z.boolean(),
  trustedDevices: z.array(z.strictObject({ name: label, ipRange })).max(100),
  lastDeviceReview: date.optional(),
  apiKeys: z.array(z.strictObject({ label, permissions: z.array(label).max(50) })).max(100),
}) satisfies z.ZodType<ChecklistAccount>;

/** What settings keep. */
export const ChecklistSchema = z.strictObject({
  accounts: z.array(ChecklistAccountSchema).max(50),
}) satisfies z.ZodType<Checklist>;
