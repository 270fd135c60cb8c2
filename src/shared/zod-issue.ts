/** zod issues as a person reads them: the path of the bad field, then what was expected there. */
import type { z } from './zod';

/** `sessions[3].ip` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** One issue as a person reads it: the path of the bad field, then what was expected there. */
export function formatIssue(issue: z.core.$ZodIssue): string {
  const at = formatPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return `${at}: expected ${issue.expected}`;
    case 'unrecognized_keys':
      return issue.keys.map((k) => `${formatPath([...issue.path, k])}: unknown field`).join('; ');
    case 'invalid_value':
      return `${at}: expected ${issue.values.map(describe).join(' or ')}`;
    case 'too_big':
      return `${at}: ${issue.origin === 'array' ? 'more than' : issue.origin === 'string' ? 'longer than' : 'above'} ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : ''}`;
    case 'too_small':
      return `${at}: ${issue.origin === 'array' ? 'fewer than' : issue.origin === 'string' ? 'shorter than' : 'below'} ${String(issue.minimum)}${issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : ''}`;
    case 'invalid_union':
      return `${at}: not a valid value`;
    default:
      return `${at}: ${issue.message}`;
  }
}
