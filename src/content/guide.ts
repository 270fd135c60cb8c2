/**
 * Points at the page's own log-out-all button after the popup opened this tab for that. It never clicks: the user
 * decides. The banner lives in a closed shadow root and gets text through textContent only.
 *
 * Not part of the content script (which must stay small): the worker injects this one function into a guided tab
 * with scripting.executeScript({ func, args }), so it is serialised and must use nothing from outside its body.
 * Single-page apps render the button late: it looks again when the page changes, for 30 s. Answers whether it
 * found something on its first look.
 */
export function guidePage(siteName: string): boolean {
  // Substrings of a log-out-all control's text, and the exact texts of per-session log-out controls (lower case).
  const LOG_OUT_ALL =
    /log out (?:(?:of |from )all devices|all)|sign out (?:of )?all (?:other sessions|devices)|sign out everywhere|end all sessions|revoke all|terminate all sessions|[退登]出所有(?:设备|裝置)|全部退出|すべてのデバイスからログアウト|모든 기기에서 로그아웃|déconnecter tous les appareils|cerrar sesión en todos los dispositivos|von allen geräten abmelden|выйти со всех устройств|tüm cihazlardan çıkış/;
  const PER_ROW = /^(?:log out|sign out|remove|revoke|end session|terminate|退出|删除|登出)$/;
  const CONTROLS = 'button, a, [role=button], input[type=button], input[type=submit]';

  const textOf = (el: Element): string =>
    (el instanceof HTMLInputElement ? el.value : (el.textContent ?? '')).replace(/\s+/g, ' ').trim().toLowerCase();

  const show = (): boolean => {
    const controls = [...document.querySelectorAll(CONTROLS)].filter((el) => textOf(el).length <= 60);
    const all = controls.find((el) => LOG_OUT_ALL.test(textOf(el)));
    const targets = all ? [all] : controls.filter((el) => PER_ROW.test(textOf(el))).slice(0, 50);
    const first = targets[0];
    if (!first) return false;
    for (const el of targets) {
      if (!(el instanceof HTMLElement)) continue;
      el.style.setProperty('outline', '3px solid #d32f2f', 'important');
      el.style.setProperty('outline-offset', '3px', 'important');
      el.dataset.sessionWatchdogHighlight = '';
    }
    first.scrollIntoView({ block: 'center' });
    const host = document.createElement('session-watchdog-banner');
    const shadow = host.attachShadow({ mode: 'closed' });
    const box = document.createElement('div');
    box.setAttribute('role', 'status');
    box.style.cssText =
      'position:fixed;z-index:2147483647;top:12px;right:12px;max-width:340px;padding:10px 14px;background:#fff;color:#1d1d1d;border:2px solid #d32f2f;border-radius:8px;font:14px/1.4 system-ui,sans-serif;box-shadow:0 4px 16px #0003';
    box.textContent = all
      ? `Session Watchdog: the outlined button logs ${siteName} out on every device. Check it, then click it yourself.`
      : `Session Watchdog: the outlined buttons log single ${siteName} sessions out. Click them yourself.`;
    shadow.append(box);
    document.documentElement.append(host);
    return true;
  };

  if (show()) return true;
  const retry = new MutationObserver(() => show() && retry.disconnect());
  retry.observe(document.documentElement, { childList: true, subtree: true });
  setTimeout(() => retry.disconnect(), 30_000);
  return false;
}
