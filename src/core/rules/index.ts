import { apiCallUnknownNetwork } from './api-call-unknown-network';
import { apiKeyUnrestricted } from './api-key-unrestricted';
import { apiKeyWithdraw } from './api-key-withdraw';
import { blocklistedIp } from './blocklisted-ip';
import { copiedSession } from './copied-session';
import { crossAccount } from './cross-account';
import { dormantAccount } from './dormant-account';
import { failedLoginBurst } from './failed-login-burst';
import { hostingIp } from './hosting-ip';
import { impossibleTravel } from './impossible-travel';
import { newApiKey } from './new-api-key';
import { newCity } from './new-city';
import { newCountry } from './new-country';
import { newSession } from './new-session';
import { newWhitelistAddress } from './new-whitelist-address';
import { nightSignIn } from './night-sign-in';
import { outsideSchedule } from './outside-schedule';
import { passwordSpraying } from './password-spraying';
import type { Rule } from './rule';
import { sessionLifetime } from './session-lifetime';
import { staleSession } from './stale-session';
import { tooManySessions } from './too-many-sessions';
import { unknownDevice } from './unknown-device';
import { unlistedApiKey } from './unlisted-api-key';
import { weakerSecondFactor } from './weaker-second-factor';

export { hasEnoughHistory } from './history';

/** Every rule, in the order their warnings are listed when severities tie: takeover signs first. */
export const allRules: Rule[] = [
  hostingIp,
  copiedSession,
  unknownDevice,
  impossibleTravel,
  blocklistedIp,
  weakerSecondFactor,
  failedLoginBurst,
  passwordSpraying,
  dormantAccount,
  newCountry,
  crossAccount,
  newSession,
  newCity,
  outsideSchedule,
  nightSignIn,
  tooManySessions,
  staleSession,
  sessionLifetime,
  // What an intruder leaves behind (src/core/backdoors.ts): after the session rules, so an incident they join is
  // led by what the intruder's sign-in showed.
  newApiKey,
  apiCallUnknownNetwork,
  newWhitelistAddress,
  apiKeyWithdraw,
  unlistedApiKey,
  apiKeyUnrestricted,
];
