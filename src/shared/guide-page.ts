import type { GuideRow, GuideTexts } from './guide';

/**
 * Points at the page's own log-out-all button (or, for "Sign out this session", that row's own Remove / Sign out
 * control) after the popup opened this tab for that. It never clicks: the user
 * decides. The banner lives in a closed shadow root and gets text through textContent only.
 *
 * Not part of the content script (which must stay small): the worker injects this one function into a guided tab
 * with scripting.executeScript({ func, args }), so it is serialised and must use nothing from outside its body.
 * Single-page apps render the button late: it looks again when the page changes, for 30 s. Answers whether it
 * found something on its first look.
 */
export function guidePage(texts: GuideTexts, row?: GuideRow): boolean {
  // The worker's words, from its catalogs in the browser's language (guideTexts in ./guide).
  const say = texts;
  // Substrings of a log-out-all control's text, and the exact texts of per-session log-out controls (lower case).
  const LOG_OUT_ALL =
    /log out (?:(?:of |from )all devices|all)|sign out (?:of )?all (?:other sessions|devices)|sign out everywhere|end all sessions|revoke all|terminate all sessions|[退登]出所有(?:设备|裝置)|全部退出|すべてのデバイスからログアウト|모든 기기에서 로그아웃|déconnecter tous les appareils|cerrar sesión en todos los dispositivos|von allen geräten abmelden|выйти со всех устройств|tüm cihazlardan çıkış/;
  const PER_ROW = /^(?:log out|sign out|remove|revoke|delete|end session|terminate|退出|删除|登出|移除)$/;
  const CONTROLS = 'button, a, [role=button], input[type=button], input[type=submit]';
  const LISTS = 'table, ul, ol, dl';

  const textOf = (el: Element): string =>
    (el instanceof HTMLInputElement ? el.value : (el.textContent ?? '')).replace(/\s+/g, ' ').trim().toLowerCase();

  let host: HTMLElement | undefined;
  /**
   * The banner sits in the page's flow just before the list holding the outlined control, so it covers none of
   * the site's controls (a fixed corner box hid the site's own menu); it can be closed.
   */
  const banner = (near: Element, text: string): void => {
    host?.remove();
    host = document.createElement('session-watchdog-banner');
    const shadow = host.attachShadow({ mode: 'closed' });
    const box = document.createElement('div');
    box.setAttribute('role', 'status');
    box.dir = say.dir;
    box.lang = say.lang;
    box.style.cssText =
      'display:flex;gap:10px;align-items:flex-start;margin:8px 0;padding:10px 14px;background:#fff;color:#1d1d1d;border:2px solid #d32f2f;border-radius:8px;font:14px/1.4 system-ui,sans-serif';
    const message = document.createElement('span');
    message.style.flex = '1';
    message.textContent = text;
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = say.close;
    close.style.cssText =
      'font:inherit;padding:2px 10px;border:1px solid #1d1d1d;border-radius:6px;background:#fff;color:#1d1d1d;cursor:pointer';
    close.addEventListener('click', () => host?.remove());
    box.append(message, close);
    shadow.append(box);
    // The outermost table or list holding the control (a banner inside one would break it).
    let anchor: Element = near;
    for (let list = near.closest(LISTS); list; list = list.parentElement?.closest(LISTS) ?? null) anchor = list;
    if (anchor !== document.body && anchor.parentElement) anchor.before(host);
    else document.body.prepend(host);
  };

  const outline = (targets: Element[]): void => {
    for (const el of targets) {
      if (!(el instanceof HTMLElement)) continue;
      el.style.setProperty('outline', '3px solid #d32f2f', 'important');
      el.style.setProperty('outline-offset', '3px', 'important');
      el.dataset.sessionWatchdogHighlight = '';
    }
    targets[0]?.scrollIntoView({ block: 'center' });
  };

  /** The one row's own control: climbing from each per-row control while its ancestor holds no other one. */
  const rowControl = (controls: Element[]): Element | undefined => {
    const perRow = controls.filter((el) => PER_ROW.test(textOf(el)));
    // A key's or address's row shows every one of its texts; a session's its address, else its device.
    const needles = (row?.texts?.length ? row.texts : [row?.ip || row?.device || ''])
      .map((x) => x.toLowerCase())
      .filter(Boolean);
    if (!needles.length) return undefined;
    for (const control of perRow) {
      let el: Element | null = control.parentElement;
      for (let depth = 0; el && depth < 8; depth++, el = el.parentElement) {
        if (perRow.filter((c) => el?.contains(c)).length > 1) break;
        const text = (el.textContent ?? '').toLowerCase();
        if (needles.every((n) => text.includes(n))) return control;
      }
    }
    return undefined;
  };

  const show = (): boolean => {
    const controls = [...document.querySelectorAll(CONTROLS)].filter((el) => textOf(el).length <= 60);
    if (row) {
      const own = rowControl(controls);
      if (!own) return false;
      outline([own]);
      banner(own, say.row);
      return true;
    }
    const all = controls.find((el) => LOG_OUT_ALL.test(textOf(el)));
    const targets = all ? [all] : controls.filter((el) => PER_ROW.test(textOf(el))).slice(0, 50);
    const first = targets[0];
    if (!first) return false;
    outline(targets);
    banner(first, all ? say.all : say.rows);
    return true;
  };

  if (show()) return true;
  // The row may come later (a single-page app); until then the banner says it is not found.
  if (row && document.body) banner(document.body, say.rowMissing);
  const retry = new MutationObserver(() => show() && retry.disconnect());
  retry.observe(document.documentElement, { childList: true, subtree: true });
  setTimeout(() => retry.disconnect(), 30_000);
  return false;
}
