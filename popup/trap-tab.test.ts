// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { trapTab } from './emergency-dialog';

function tab(dialog: HTMLElement, shiftKey = false): boolean {
  const e = new KeyboardEvent('keydown', { key: 'Tab', shiftKey, cancelable: true });
  trapTab(e, dialog);
  return e.defaultPrevented;
}

test('Tab from the last control of the emergency dialog wraps to its first, Shift+Tab from the first to its last', () => {
  const dialog = document.createElement('div');
  dialog.innerHTML =
    '<input type="checkbox"><a href="https://x.example">Open page</a><button disabled>no</button><button>Close</button>';
  document.body.append(dialog);
  const [first, , , last] = [...dialog.children] as HTMLElement[];
  last?.focus();
  expect(tab(dialog)).toBe(true);
  expect(document.activeElement).toBe(first);
  expect(tab(dialog, true)).toBe(true);
  expect(document.activeElement).toBe(last);
  // In between, Tab is the browser's.
  dialog.querySelector('a')?.focus();
  expect(tab(dialog)).toBe(false);
});
