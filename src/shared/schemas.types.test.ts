import { expectTypeOf, test } from 'vitest';
import type { Schedule, Thresholds } from '../core/rules/rule';
import type {
  Account,
  ExtractedLogin,
  ExtractedScan,
  ExtractedSession,
  ReasonMessage,
  ScanRecord,
  StoredLogin,
  StoredSession,
  StoredWarning,
  TrustedDevice,
} from '../core/types';
import type * as S from './schemas';
import type { z } from './zod';

// One definition per fact: each schema produces exactly the type the core computes with (both ways), so a field
// added to one and not the other fails the type check here. Checked by `tsc`; vitest only runs the empty test.
type Parsed<T extends z.ZodType> = z.output<T>;

test('each schema and its core type agree', () => {
  expectTypeOf<Parsed<typeof S.ExtractedSessionSchema>>().toEqualTypeOf<ExtractedSession>();
  expectTypeOf<Parsed<typeof S.ExtractedLoginSchema>>().toEqualTypeOf<ExtractedLogin>();
  // The worker marks its own background checks' scans; a page can never claim one.
  expectTypeOf<Parsed<typeof S.ExtractedScanSchema>>().toEqualTypeOf<Omit<ExtractedScan, 'isBackgroundCheck'>>();
  expectTypeOf<Parsed<typeof S.TrustedDeviceSchema>>().toEqualTypeOf<TrustedDevice>();
  expectTypeOf<Parsed<typeof S.ScheduleSchema>>().toEqualTypeOf<Schedule>();
  expectTypeOf<Parsed<typeof S.ThresholdsSchema>>().toEqualTypeOf<Thresholds>();
  expectTypeOf<Parsed<typeof S.AccountSchema>>().toEqualTypeOf<Account>();
  expectTypeOf<Parsed<typeof S.StoredSessionSchema>>().toEqualTypeOf<StoredSession>();
  // The worker's own address value (src/core/ingest.ts withAddressValue) never crosses a message or a backup.
  expectTypeOf<Parsed<typeof S.StoredLoginSchema>>().toEqualTypeOf<Omit<StoredLogin, 'ipValue'>>();
  expectTypeOf<Parsed<typeof S.ScanRecordSchema>>().toEqualTypeOf<ScanRecord>();
  expectTypeOf<Parsed<typeof S.ReasonMessageSchema>>().toEqualTypeOf<ReasonMessage>();
  // Evidence is an open record (the core names some of its fields): the warning's shapes are assignable both ways.
  expectTypeOf<Parsed<typeof S.StoredWarningSchema>>().toExtend<StoredWarning>();
  expectTypeOf<StoredWarning>().toExtend<Parsed<typeof S.StoredWarningSchema>>();
});
