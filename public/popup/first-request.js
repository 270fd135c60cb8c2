// The popup's first script: a plain one (copied as is, not bundled) that runs as soon as the parser reaches it and
// asks the worker for what the first render needs, so the worker reads it while the UI code is still loading.
// popup/main.tsx takes the answers (popup/first-answers.ts).
// It also starts listening for changes to the stored data before it asks, so a scan stored between the question
// and the moment the UI code subscribes is not missed: main.tsx takes `changedSince` and reloads if it is set.
// And it draws the first look (below) when the overview arrives before the UI code has drawn anything.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const changes = { changedSince: false, stop: () => {} };
  const onChanged = (_changes, area) => {
    if (area === 'local') changes.changedSince = true;
  };
  api.storage.onChanged.addListener(onChanged);
  changes.stop = () => api.storage.onChanged.removeListener(onChanged);
  globalThis.sessionWatchdogEarlyChanges = changes;
  const ask = (type) => api.runtime.sendMessage({ type, payload: {} });
  // The emergency checklists are asked for once the overview is in: the first render needs only the overview, and
  // a worker answering both at once answers the overview later.
  const overview = ask('getOverview');
  const next = () => ask('getEmergency');
  globalThis.sessionWatchdogFirstAnswers = { getOverview: overview, getEmergency: overview.then(next, next) };

  // The first look: each account's card heading (site, account, how many incidents are open), worst first, drawn
  // the moment the overview arrives, as the UI's own first paint draws them (popup/popup.tsx AccountCard, Popup).
  // The UI code then draws over it with everything else, reusing these elements (Preact's render keeps an element
  // of the same tag where its tree has one). Runs before the UI code sees the answer (this handler was attached
  // first); draws nothing once the UI has drawn, for a language other than the UI's, or for anything unexpected.
  // Every text is set as text: names and account hints come from web pages.
  const RANK = { high: 0, medium: 1, low: 2 };
  const worst = (v) => {
    let w = 3;
    for (const x of v.warnings) if (x.state === 'open' && RANK[x.severity] < w) w = RANK[x.severity];
    return w;
  };
  // popup/model.ts byWorst, with the incident count the worker gives each account.
  const byWorst = (a, b) =>
    worst(a) - worst(b) || b.incidentCount - a.incidentCount || b.account.lastScanAt - a.account.lastScanAt;
  // The popup's language (src/shared/message-text.ts pickLocale): the first look draws only when the browser's
  // messages are in it (`catalogLocale` names the catalog they come from).
  const popupLocale = (ui) => {
    const lang = String(ui).replace('_', '-').toLowerCase();
    if (['zh', 'zh-cn', 'zh-sg', 'zh-hans'].includes(lang) || lang.startsWith('zh-hans-')) return 'zh_CN';
    return lang === 'ar' || lang.startsWith('ar-') ? 'ar' : 'en';
  };
  const el = (tag, className, ...children) => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    for (const c of children) e.append(c);
    return e;
  };
  function draw(answer) {
    const app = document.getElementById('app');
    const accounts = answer?.ok === true ? answer.value?.accounts : undefined;
    if (!app || app.firstChild || !Array.isArray(accounts) || !accounts.length || accounts.length > 500) return;
    if (new URLSearchParams(location.search).has('lang')) return;
    const i18n = api.i18n;
    const locale = popupLocale(i18n.getUILanguage());
    if (i18n.getMessage('catalogLocale') !== locale) return;
    if (!accounts.every((v) => Number.isInteger(v?.incidentCount) && Array.isArray(v.warnings))) return;
    const tag = locale.replace('_', '-');
    const plural = new Intl.PluralRules(tag);
    const number = new Intl.NumberFormat(tag);
    // src/shared/message-text.ts t and tn, for the few messages drawn here.
    const fill = (text, values) => text.replace(/\{([1-9])\}/g, (m, i) => (values[i - 1] ?? m).toString());
    const t = (key, ...values) => fill(i18n.getMessage(key) || key, values);
    const tn = (key, count, ...values) => {
      const forms = new Map();
      for (const part of (i18n.getMessage(key) || key).split('|')) {
        const m = /^(zero|one|two|few|many|other):/.exec(part);
        if (m) forms.set(m[1], part.slice(m[0].length));
      }
      const text = forms.get(plural.select(count)) ?? forms.get('other') ?? i18n.getMessage(key) ?? key;
      return fill(text, [number.format(count), ...values]);
    };
    // As src/ui/load-locale.ts sets them (Arabic is the one right-to-left catalog; the browser's @@bidi_dir follows
    // its own locale, not always the popup's).
    document.documentElement.lang = tag;
    document.documentElement.dir = locale === 'ar' ? 'rtl' : 'ltr';
    const main = el(
      'main',
      'popup-main',
      el('header', 'topbar', el('h1', '', t('popupTitle')), el('button', 'btn btn--ghost btn--small', t('settings'))),
    );
    main.querySelector('button').type = 'button';
    // The health line's place, so the cards do not move when the UI writes it.
    const needing = accounts.filter((v) => v.incidentCount > 0).length;
    const health = el('p', `health health--${needing ? 'attention' : 'good'}`);
    health.textContent = needing
      ? accounts.length === 1
        ? t('healthAttentionOnly')
        : tn('healthAttention', needing, number.format(accounts.length))
      : '\u00a0';
    main.append(health, el('div', 'notice notice--empty', el('p')));
    for (const v of [...accounts].sort(byWorst)) {
      const count = v.incidentCount;
      const name = String(v.siteName);
      const hint = v.account.hint === 'default' ? t('account') : String(v.account.hint);
      const icon = el('span', `site-icon site-icon--${String(v.account.siteId).replace(/[^a-z0-9]/gi, '')}`);
      icon.setAttribute('aria-hidden', 'true');
      // The site registry's letters are their names' first (popup/site-icon.ts); any other icon, the UI draws.
      icon.textContent = (name.trim()[0] || '?').toUpperCase();
      const title = el('h2', 'card__title', name, ' ', el('bdi', 'card__hint', hint));
      const pill = el(
        'span',
        `pill ${count ? 'pill--bad' : 'pill--ok'}`,
        count ? tn('openWarnings', count) : t('allGood'),
      );
      main.append(
        el(
          'section',
          `card ${count ? 'card--alert' : ''}`,
          el('header', 'card__head', icon, el('div', 'card__id', title), pill),
        ),
      );
    }
    app.append(main);
  }
  overview.then(
    (answer) => {
      try {
        draw(answer);
      } catch {
        // The UI code draws the popup in any case.
      }
    },
    () => undefined,
  );
})();
