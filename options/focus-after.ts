/**
 * Where focus goes when an action removes the control that has it: the same button of the next item (or, for
 * the last, of the previous one), else a fallback control (the form to add one). Never the page's body.
 * Call it before the removal (it reads the neighbour while the item is still in the list) and call what it returns
 * after; the button is found again by its accessible name, as the list's nodes may have been drawn anew.
 */
export function focusAfterRemoval(from: Element, fallbackId: string): () => void {
  const item = from.closest('li');
  const neighbour = item?.nextElementSibling ?? item?.previousElementSibling;
  const label = neighbour?.querySelector('button[aria-label]')?.getAttribute('aria-label');
  return () =>
    requestAnimationFrame(() => {
      const again = label ? document.querySelector<HTMLElement>(`button[aria-label="${CSS.escape(label)}"]`) : null;
      (again ?? document.getElementById(fallbackId))?.focus();
    });
}
