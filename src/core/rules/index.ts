import type { Rule } from './rule';
import { unknownDevice } from './unknown-device';

/** Every rule, in the order their warnings are listed when severities tie. */
export const allRules: Rule[] = [unknownDevice];
