/**
 * The MDM-style checklist as YAML, in the seed's own shape (one top-level key per account). Reading accepts the seed's
 * YAML as written and keeps only what the checklist tracks: the anti-phishing code becomes "set", e-mail, UID, backup
 * key location and addresses are dropped, never stored.
 */
import { parse, stringify } from 'yaml';
import type { Checklist, ChecklistAccount } from '../core/checklist';
import { messageOf } from '../core/message-of';
import { ChecklistSchema, date, ipRange, label } from './checklist-schema';
import { z } from './zod';
import { type ErrorMessage, englishError, errorMessage, issueMessage } from './zod-issue';

export { ChecklistAccountSchema, ChecklistSchema } from './checklist-schema';

export const MAX_CHECKLIST_BYTES = 256 * 1024;

const yesNo = z.union([z.boolean(), z.enum(['yes', 'no', 'on', 'off', 'true', 'false'])]);
const isYes = (v: z.infer<typeof yesNo> | undefined) => v === true || v === 'yes' || v === 'on' || v === 'true';
/** YAML 1.2 reads 2026-04-14 as a string; a YAML 1.1 writer may have made it a timestamp. */
const yamlDate = z.union([date, z.date().transform((d) => d.toISOString().slice(0, 10))]);

// Not strict: the seed's YAML holds fields the checklist deliberately does not keep.
const YamlAccountSchema = z.object({
  '2fa': z.object({ type: z.string().max(100).optional(), last_verified: yamlDate.optional() }).optional(),
  anti_phishing_code_set: yesNo.optional(),
  /** Read only to learn that one is set; the value itself is dropped here. */
  anti_phishing_code: z.unknown().optional(),
  withdrawal_whitelist: z.union([yesNo, z.object({ enabled: yesNo.optional() })]).optional(),
  devices: z
    .object({
      trusted: z
        .array(z.object({ name: label, ip_range: ipRange }))
        .max(100)
        .optional(),
      last_review: yamlDate.optional(),
    })
    .optional(),
  api_keys: z
    .array(z.object({ label, perms: z.array(label).max(50).optional() }))
    .max(100)
    .optional(),
});
const YamlDocSchema = z.record(z.string().min(1).max(100), YamlAccountSchema);

function fromYaml(name: string, a: z.infer<typeof YamlAccountSchema>): ChecklistAccount {
  const phishing = a.anti_phishing_code;
  const whitelist = a.withdrawal_whitelist;
  return {
    name,
    ...(a['2fa']
      ? {
          twoFactor: {
            type: a['2fa'].type ?? '',
            ...(a['2fa'].last_verified ? { lastVerified: a['2fa'].last_verified } : {}),
          },
        }
      : {}),
    isAntiPhishingCodeSet:
      a.anti_phishing_code_set !== undefined
        ? isYes(a.anti_phishing_code_set)
        : typeof phishing === 'string'
          ? phishing.trim() !== ''
          : phishing !== undefined && phishing !== null && phishing !== false,
    isWithdrawalWhitelistOn: typeof whitelist === 'object' ? isYes(whitelist.enabled) : isYes(whitelist),
    trustedDevices: (a.devices?.trusted ?? []).map((d) => ({ name: d.name, ipRange: d.ip_range })),
    ...(a.devices?.last_review ? { lastDeviceReview: a.devices.last_review } : {}),
    apiKeys: (a.api_keys ?? []).map((k) => ({ label: k.label, permissions: k.perms ?? [] })),
  };
}

/** A refusal carries its English words (`error`) and the message the options page shows in its language. */
export type ChecklistParse = { ok: true; checklist: Checklist } | { ok: false; error: string; message: ErrorMessage };

const refuse = (message: ErrorMessage): ChecklistParse => ({ ok: false, error: englishError(message), message });

export function parseChecklistYaml(text: string): ChecklistParse {
  if (text.length > MAX_CHECKLIST_BYTES) return refuse(errorMessage('importErr_checklistTooLarge'));
  let raw: unknown;
  try {
    // Aliases are capped so a "billion laughs" file cannot blow up.
    raw = parse(text, { maxAliasCount: 50, prettyErrors: false });
  } catch (err) {
    return refuse(errorMessage('importErr_notYaml', messageOf(err)));
  }
  const doc = YamlDocSchema.safeParse(raw ?? {});
  const invalid = (issue: Parameters<typeof issueMessage>[0] | undefined) =>
    refuse(issue ? issueMessage(issue) : errorMessage('importErr_invalidChecklist'));
  if (!doc.success) return invalid(doc.error.issues[0]);
  const checklist = ChecklistSchema.safeParse({
    accounts: Object.entries(doc.data).map(([name, a]) => fromYaml(name, a)),
  });
  if (!checklist.success) return invalid(checklist.error.issues[0]);
  return { ok: true, checklist: checklist.data };
}

export function checklistToYaml(checklist: Checklist): string {
  const doc: Record<string, unknown> = {};
  for (const a of checklist.accounts) {
    doc[a.name] = {
      ...(a.twoFactor
        ? {
            '2fa': {
              type: a.twoFactor.type,
              ...(a.twoFactor.lastVerified ? { last_verified: a.twoFactor.lastVerified } : {}),
            },
          }
        : {}),
      anti_phishing_code_set: a.isAntiPhishingCodeSet,
      withdrawal_whitelist: { enabled: a.isWithdrawalWhitelistOn },
      devices: {
        trusted: a.trustedDevices.map((d) => ({ name: d.name, ip_range: d.ipRange })),
        ...(a.lastDeviceReview ? { last_review: a.lastDeviceReview } : {}),
      },
      api_keys: a.apiKeys.map((k) => ({ label: k.label, perms: k.permissions })),
    };
  }
  const header =
    '# Session Watchdog security checklist (MDM style).\n' +
    '# The anti-phishing code itself is never stored here: only whether one is set.\n';
  return header + stringify(doc, { lineWidth: 0 });
}
