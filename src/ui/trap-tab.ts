/** What Tab can reach inside a dialog. */
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab inside the dialog: from its last control Tab goes to its first, Shift+Tab from its first to its last,
 * and from outside it into it. A modal dialog makes the page inert, but Tab from its last control still leaves for
 * the browser's own UI (Chromium); a dialog in the page's flow (role="alertdialog") is not modal at all.
 */
export function trapTab(e: KeyboardEvent, dialog: HTMLElement | null): void {
  if (e.key !== 'Tab' || !dialog) return;
  const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return;
  const active = dialog.ownerDocument.activeElement;
  if (e.shiftKey && (active === first || !dialog.contains(active))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (active === last || !dialog.contains(active))) {
    e.preventDefault();
    first.focus();
  }
}

/**
 * For a page whose questions are dialogs in its flow (`role="alertdialog"`: "Wipe everything?", the import's
 * "Replace or merge?"): while one is shown, Tab stays inside it; when it goes (answered or cancelled) and focus fell
 * to the page's body, focus returns to the first control of the place it was shown in (the button that asks again,
 * or the control the answer left behind), never the body. Returns what removes it.
 */
export function holdFocusInDialogs(doc: Document): () => void {
  let shown: { dialog: HTMLElement; place: HTMLElement; before: Element | null } | undefined;
  const current = () => doc.querySelector<HTMLElement>('[role="alertdialog"]');
  const onKey = (e: KeyboardEvent) => trapTab(e, current());
  const observer = new MutationObserver(() => {
    const dialog = current();
    if (dialog) {
      if (dialog.parentElement) shown = { dialog, place: dialog.parentElement, before: dialog.previousElementSibling };
      return;
    }
    const gone = shown;
    shown = undefined;
    if (!gone) return;
    const active = doc.activeElement;
    if (active && active !== doc.body && active.isConnected) return;
    // What took the dialog's place: the same node drawn anew as something else, or the node after the one before
    // it; failing those, the place it was shown in (or the nearest part of it still in the page).
    const candidates: (Element | null | undefined)[] = [
      gone.dialog.isConnected ? gone.dialog : undefined,
      gone.before?.isConnected ? gone.before.nextElementSibling : undefined,
    ];
    let place: HTMLElement | null = gone.place;
    while (place && !place.isConnected) place = place.parentElement;
    candidates.push(place);
    for (const c of candidates) {
      const target = c?.matches(FOCUSABLE) ? (c as HTMLElement) : c?.querySelector<HTMLElement>(FOCUSABLE);
      if (target) {
        target.focus();
        return;
      }
    }
  });
  doc.addEventListener('keydown', onKey, true);
  observer.observe(doc.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['role'] });
  return () => {
    doc.removeEventListener('keydown', onKey, true);
    observer.disconnect();
  };
}
