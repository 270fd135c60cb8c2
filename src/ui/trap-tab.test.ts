// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { holdFocusInDialogs, trapTab } from './trap-tab';

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

/** The options page's wipe question as data.tsx draws it: the ask button, replaced by the dialog while it asks. */
function wipeSection(): { section: HTMLElement; ask: () => HTMLButtonElement; askAgain: () => void } {
  const section = document.createElement('div');
  section.innerHTML = '<button id="export">Export</button><h3>Wipe</h3><button id="ask">Wipe everything…</button>';
  document.body.append(section);
  return {
    section,
    ask: () => {
      section.innerHTML =
        '<button id="export">Export</button><h3>Wipe</h3><div role="alertdialog"><p>Wipe?</p><button id="yes">Wipe</button><button id="no">Cancel</button></div>';
      return section.querySelector('#yes') as HTMLButtonElement;
    },
    // As preact draws it: the dialog's own node is kept and becomes the row holding the ask button.
    askAgain: () => {
      const dialog = section.querySelector('[role="alertdialog"]') as HTMLElement;
      dialog.removeAttribute('role');
      dialog.innerHTML = '<button id="ask">Wipe everything…</button>';
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

test('a dialog in the page keeps Tab inside it, and focus returns to its place when it goes, never the body', async () => {
  document.body.innerHTML = '<button id="before">Export</button>';
  const stop = holdFocusInDialogs(document);
  const { section, ask, askAgain } = wipeSection();
  const yes = ask();
  await settle();
  yes.focus();
  const press = (shiftKey = false) => {
    const e = new KeyboardEvent('keydown', { key: 'Tab', shiftKey, cancelable: true, bubbles: true });
    document.activeElement?.dispatchEvent(e);
    return e.defaultPrevented;
  };
  // Shift+Tab from the first control wraps to the last; Tab from the last to the first.
  expect(press(true)).toBe(true);
  expect(document.activeElement?.id).toBe('no');
  expect(press()).toBe(true);
  expect(document.activeElement?.id).toBe('yes');
  // Focus outside (a click elsewhere): Tab goes back into the question.
  (document.getElementById('before') as HTMLElement).focus();
  expect(press()).toBe(true);
  expect(document.activeElement?.id).toBe('yes');
  // Cancel: the dialog and its focused button go; focus lands on the button that asks again, not the body.
  askAgain();
  await settle();
  expect(document.activeElement?.id).toBe('ask');
  // With no dialog, Tab is the browser's.
  expect(press()).toBe(false);
  stop();
  section.remove();
});

test('when the answer leaves focus somewhere in the page, it stays there', async () => {
  document.body.innerHTML = '<button id="elsewhere">Elsewhere</button>';
  const stop = holdFocusInDialogs(document);
  const { ask, askAgain } = wipeSection();
  ask();
  await settle();
  (document.getElementById('elsewhere') as HTMLElement).focus();
  askAgain();
  await settle();
  expect(document.activeElement?.id).toBe('elsewhere');
  stop();
});
