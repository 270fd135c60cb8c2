import {
  THRESHOLD_NAMES,
  THRESHOLDS,
  type ThresholdDefinition,
  type ThresholdName,
  type Thresholds,
} from '../core/rules/thresholds';
import {
  API_KEY_STATUSES,
  API_PERMISSIONS,
  CLIENT_KINDS,
  DEVICE_TYPES,
  LOGIN_OUTCOMES,
  MAX_INCIDENT_REASONS,
  SECOND_FACTORS,
  SESSION_STATUSES,
  SEVERITIES,
  WARNING_STATES,
} from '../core/types';
import { z } from './zod';
import { REFINE_NO_CRITERION } from './zod-issue';

/** Caps on anything that came from a page: a hostile page can send at most this much. */
export const LIMITS = { text: 500, url: 2048, rows: 2000, ua: 1000 } as const;

const text = z.string().max(LIMITS.text);
const time = z.number().int().min(0).max(8_640_000_000_000_000);

export const ExtractedSessionSchema = z.strictObject({
  device: text,
  userAgent: z.string().max(LIMITS.ua).optional(),
  ip: text.optional(),
  location: text.optional(),
  firstSeen: time.optional(),
  lastActive: time.optional(),
  status: z.enum(SESSION_STATUSES).optional(),
  isCurrent: z.boolean(),
  kind: z.enum(CLIENT_KINDS).optional(),
});

export const ExtractedLoginSchema = z.strictObject({
  time: time.optional(),
  ip: text.optional(),
  device: text,
  userAgent: z.string().max(LIMITS.ua).optional(),
  location: text.optional(),
  outcome: z.enum(LOGIN_OUTCOMES).optional(),
  secondFactor: z.enum(SECOND_FACTORS).optional(),
  kind: z.enum(CLIENT_KINDS).optional(),
});

export const ApiPermissionSchema = z.enum(API_PERMISSIONS);

export const ExtractedApiKeySchema = z.strictObject({
  label: text,
  keyText: text.optional(),
  permissions: z.array(ApiPermissionSchema).max(7),
  ipRestriction: z.array(z.string().max(64)).max(100).optional(),
  unrestricted: z.boolean().optional(),
  createdAt: time.optional(),
  status: z.enum(API_KEY_STATUSES).optional(),
});

export const ExtractedApiCallSchema = z.strictObject({
  time: time.optional(),
  keyText: text.optional(),
  ip: text.optional(),
  action: z.string().max(64).optional(),
});

export const ExtractedWhitelistEntrySchema = z.strictObject({
  label: text.optional(),
  coin: z.string().max(64).optional(),
  network: z.string().max(64).optional(),
  addressText: text.optional(),
  addedAt: time.optional(),
});

export const ExtractedScanSchema = z.strictObject({
  url: z.string().max(LIMITS.url),
  scannedAt: time,
  accountHint: text.optional(),
  hasSessionList: z.boolean(),
  hasLoginList: z.boolean(),
  sessions: z.array(ExtractedSessionSchema).max(LIMITS.rows),
  logins: z.array(ExtractedLoginSchema).max(LIMITS.rows),
  hasApiKeyList: z.boolean().optional(),
  hasApiCallList: z.boolean().optional(),
  hasWhitelist: z.boolean().optional(),
  apiKeys: z.array(ExtractedApiKeySchema).max(LIMITS.rows).optional(),
  apiCalls: z.array(ExtractedApiCallSchema).max(LIMITS.rows).optional(),
  whitelist: z.array(ExtractedWhitelistEntrySchema).max(LIMITS.rows).optional(),
});

export const DeviceTypeSchema = z.enum(DEVICE_TYPES);

export const TrustedDeviceSchema = z
  .strictObject({
    id: z.string().min(1).max(100),
    name: z.string().trim().min(1).max(100),
    pattern: z.string().max(200).optional(),
    browser: z.string().max(50).optional(),
    os: z.string().max(50).optional(),
    model: z.string().max(100).optional(),
    deviceType: DeviceTypeSchema.optional(),
    ipRanges: z.array(z.string().max(64)).max(100).optional(),
    countries: z.array(z.string().length(2)).max(250).optional(),
    asns: z.array(z.number().int().min(0).max(4_294_967_295)).max(100).optional(),
    accountIds: z.array(z.string().max(600)).max(100).optional(),
    createdAt: time,
  })
  // A device with no criterion matches every session: it would silence the trust rules for good.
  .refine(hasCriterion, REFINE_NO_CRITERION);

/** Whether a trusted device names something a session must match (a pattern of only `*` names nothing). */
export function hasCriterion(t: {
  pattern?: string;
  browser?: string;
  os?: string;
  model?: string;
  deviceType?: string;
  ipRanges?: readonly string[];
  countries?: readonly string[];
  asns?: readonly number[];
}): boolean {
  const named = (x: string | undefined) => !!x && /[^\s*]/.test(x);
  return (
    named(t.pattern) ||
    named(t.browser) ||
    named(t.os) ||
    named(t.model) ||
    !!t.deviceType ||
    !!t.ipRanges?.length ||
    !!t.countries?.length ||
    !!t.asns?.length
  );
}

export const ScheduleSchema = z.strictObject({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(100),
  timeZone: z.string().min(1).max(64),
  windows: z
    .array(
      z.strictObject({
        days: z.array(z.number().int().min(0).max(6)).max(7),
        startMinute: z.number().int().min(0).max(1440),
        endMinute: z.number().int().min(0).max(1440),
      }),
    )
    .max(50),
  accountIds: z.array(z.string().max(600)).max(100).optional(),
});

/** One threshold's number as its definition bounds it (src/core/rules/thresholds.ts). */
function thresholdNumber(d: ThresholdDefinition): z.ZodNumber {
  const n = z.number().min(d.min).max(d.max);
  return d.isInteger ? n.int() : n;
}

type ThresholdsShape = {
  [K in ThresholdName]: (typeof THRESHOLDS)[K] extends { isOptional: true } ? z.ZodOptional<z.ZodNumber> : z.ZodNumber;
};

export const ThresholdsSchema = z.strictObject(
  Object.fromEntries(
    THRESHOLD_NAMES.map((name) => {
      const d: ThresholdDefinition = THRESHOLDS[name];
      return [name, d.isOptional ? thresholdNumber(d).optional() : thresholdNumber(d)];
    }),
  ) as ThresholdsShape,
) satisfies z.ZodType<Thresholds>;

/** The numeric schema of one threshold (its bounds, whole or not), optional or not. */
export function thresholdField(name: ThresholdName): z.ZodNumber {
  return thresholdNumber(THRESHOLDS[name]);
}

export const StoredWarningStateSchema = z.enum(WARNING_STATES);

const id = z.string().min(1).max(1200);

export const AccountSchema = z.strictObject({
  id,
  siteId: z.string().min(1).max(100),
  hint: text,
  firstScanAt: time,
  lastScanAt: time,
  lastReviewedAt: time.optional(),
  scanCount: z.number().int().min(0),
  lastUserScanAt: time.optional(),
  lastCheckedAt: time.optional(),
  backdoorBaselines: z
    .strictObject({ apiKeys: time.optional(), apiCalls: time.optional(), whitelist: time.optional() })
    .optional(),
});

export const StoredSessionSchema = ExtractedSessionSchema.extend({
  key: id,
  accountId: id,
  firstObservedAt: time,
  lastObservedAt: time,
  goneAt: time.optional(),
  previousIp: text.optional(),
});

export const StoredLoginSchema = ExtractedLoginSchema.extend({
  key: id,
  accountId: id,
  firstObservedAt: time,
  isFromBackgroundCheck: z.boolean().optional(),
});

/** A keyed hash (HMAC-SHA-256, hex): the identity of a key, call or address; never the page's text. */
const keyedHash = z.string().regex(/^[0-9a-f]{64}$/);
/** A masked form as src/core/backdoors.ts keeps it: at most four characters either side of an ellipsis. */
const masked = z.string().max(9);

export const StoredApiKeySchema = z.strictObject({
  id,
  accountId: id,
  keyHash: keyedHash,
  refs: z.array(keyedHash).max(8),
  label: text,
  masked: masked.optional(),
  permissions: z.array(ApiPermissionSchema).max(7),
  ipRestriction: z.array(z.string().max(64)).max(100).optional(),
  unrestricted: z.boolean().optional(),
  createdAt: time.optional(),
  status: z.enum(API_KEY_STATUSES).optional(),
  firstSeenAt: time,
  lastSeenAt: time,
  deletedAt: time.optional(),
  confirmedAt: time.optional(),
});

export const StoredApiCallSchema = z.strictObject({
  id,
  accountId: id,
  keyRefs: z.array(keyedHash).max(2).optional(),
  keyMasked: masked.optional(),
  time: time.optional(),
  ip: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  firstSeenAt: time,
});

export const StoredWhitelistEntrySchema = z.strictObject({
  id,
  accountId: id,
  addressHash: keyedHash,
  masked: masked.optional(),
  label: text.optional(),
  coin: z.string().max(64).optional(),
  network: z.string().max(64).optional(),
  addedAt: time.optional(),
  firstSeenAt: time,
  lastSeenAt: time,
  removedAt: time.optional(),
  confirmedAt: time.optional(),
});

export const ScanRecordSchema = z.strictObject({
  id: z.number().int().min(1).optional(),
  accountId: id,
  at: time,
  url: z.string().max(LIMITS.url),
  sessionCount: z.number().int().min(0),
  loginCount: z.number().int().min(0),
  newSessionKeys: z.array(id).max(LIMITS.rows),
  goneSessionKeys: z.array(id).max(LIMITS.rows * 10),
  isBackgroundCheck: z.boolean().optional(),
});

export const EvidenceSchema = z.record(
  z.string().max(50),
  z.union([z.string().max(2000), z.number(), z.boolean(), z.undefined()]),
);

/** A catalog phrase inside a reason ("A device", "5 min"). */
export const ReasonPartSchema = z.strictObject({
  key: z.string().min(1).max(100),
  args: z.array(z.string().max(2000)).max(10),
});

/** A warning's reason as a `_locales` key with its substitutions; optional, so older warnings and backups load. */
export const ReasonMessageSchema = z.strictObject({
  key: z.string().min(1).max(100),
  args: z.array(z.union([z.string().max(2000), ReasonPartSchema])).max(10),
});

/** One reason of an incident (a rule's finding about the intruder); the leading one is repeated at the top. */
export const IncidentReasonSchema = z.strictObject({
  rule: z.string().min(1).max(100),
  subject: id.optional(),
  severity: z.enum(SEVERITIES),
  reason: z.string().max(2000),
  message: ReasonMessageSchema.optional(),
  evidence: EvidenceSchema,
});

export const StoredWarningSchema = z.strictObject({
  id,
  accountId: id,
  rule: z.string().min(1).max(100),
  subject: id,
  severity: z.enum(SEVERITIES),
  reason: z.string().max(2000),
  message: ReasonMessageSchema.optional(),
  evidence: EvidenceSchema,
  /** Every reason of an incident; absent on warnings stored before incidents (one reason: the fields above). */
  reasons: z.array(IncidentReasonSchema).max(MAX_INCIDENT_REASONS).optional(),
  state: StoredWarningStateSchema,
  firstRaisedAt: time,
  lastRaisedAt: time,
  stateChangedAt: time,
});
