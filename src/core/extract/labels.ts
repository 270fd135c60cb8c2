import { anyRule, foldText } from './fields';

/**
 * What a column header or a "Label:" names. `time` is a login time (history) or a
 * session's start (device lists); `unrelated` marks tables that are never session
 * lists (prices, balances, API keys).
 */
export type FieldName =
  | 'device'
  | 'ip'
  | 'location'
  | 'time'
  | 'firstSeen'
  | 'lastActive'
  | 'status'
  | 'outcome'
  | 'secondFactor'
  | 'kind'
  | 'action'
  | 'unrelated';

// Ordered: the first rule whose pattern occurs in the label wins, so "Last login time"
// is lastActive before "time" is considered, and "IP address" is never a location.
// Patterns are substrings of labels in en, zh-Hans, zh-Hant, ja, ko, ru, tr, vi, es, pt, fr, de, ar.
const RULES: [FieldName, RegExp][] = [
  [
    'unrelated',
    /api ?key|api 키|api キー|api ключ|permission|권한|whitelist|price|balance|amount|volume|withdraw|deposit|\border\b|market|\bpair\b|\bcoin\b|\basset|quantity|24h|event|价格|余额|金额|订单|币种|资产|权限|数量|價格|餘額|訂單|資產|残高|価格|注文|잔고|가격|주문|цена|баланс|ордер|fiyat|bakiye|giá|số dư|precio|saldo|preço|prix|solde|preis|kontostand|السعر|الرصيد|المبلغ|العملة/,
  ],
  [
    'secondFactor',
    /2fa|two[- ]?factor|2-?step|mfa|second factor|verification method|verify method|二次验证|双重验证|雙重驗證|二步验证|两步验证|兩步驟驗證|验证方式|驗證方式|二段階|2段階|2단계|이중 인증|двухфактор|двухэтап|iki faktör|iki adım|xác thực 2|xác minh 2|xác thực hai|dos pasos|doble factor|dois fatores|duas etapas|deux facteurs|double authentification|zwei-?faktor|zwei-?stufig|بخطوتين|الثنائية|المصادقة/,
  ],
  ['ip', /(?:^|[^a-z])ip(?:$|[^a-z])|ip地址|ip位址|ipアドレス/],
  [
    'lastActive',
    /last (?:active|activity|seen|used|access|accessed|login|log[- ]?in|sign[- ]?in|online|visit|update)|recent(?:ly)? (?:activity|active|used)|most recent|latest activity|current activity|最近|最后|最後|上次|最終|마지막|최근|последн|son (?:etkinlik|aktivite|erişim|giriş|görülme|kullanım|işlem)|gần nhất|gần đây|lần cuối|cuối cùng|últim|ultima|dernière|dernier|zuletzt|letzte|آخر/,
  ],
  [
    'firstSeen',
    /first (?:seen|login|log[- ]?in|sign[- ]?in|access)|signed in|logged in|created|session start|started|登录于|首次|初回|初めて|처음|최초|впервые|создан|начал|ilk|bắt đầu|đầu tiên|primer|inicio de sesión el|criad|primeir|première|premier|erstmals|erste|gestartet|أول|بدء/,
  ],
  [
    'status',
    /status|state|状态|狀態|ステータス|状態|상태|статус|состояние|durum|trạng thái|estado|situação|statut|état|zustand|الحالة/,
  ],
  ['outcome', /result|outcome|结果|結果|결과|результат|sonuç|kết quả|résultat|ergebnis|النتيجة/],
  [
    'location',
    /location|place|region|country|city|geo|地点|地點|位置|所在地|场所|場所|地区|地區|地域|위치|지역|местоположение|местонахождение|расположение|регион|страна|город|konum|\byer\b|ülke|şehir|vị trí|địa điểm|quốc gia|ubicación|país|ciudad|local|cidade|lieu|pays|ville|standort|\bort\b|land|stadt|الموقع|المكان|البلد|الدولة|المدينة/,
  ],
  [
    'device',
    /device|browser|operating system|\bos\b|platform|user agent|设备|設備|装置|裝置|終端|终端|浏览器|瀏覽器|端末|デバイス|ブラウザ|機種|기기|장치|브라우저|устройств|браузер|cihaz|tarayıcı|thiết bị|trình duyệt|dispositivo|navegador|aparelho|appareil|navigateur|gerät|المتصفح|جهاز/,
  ],
  [
    'kind',
    /source|channel|login method|类型|類型|来源|來源|渠道|種類|種別|유형|종류|출처|тип|источник|tür|kaynak|loại|nguồn|tipo|origen|origem|fonte|provenance|typ|quelle|النوع|المصدر/,
  ],
  [
    'time',
    /time|date|when|时间|日期|時間|日時|日付|시간|일시|날짜|время|дата|tarih|zaman|saat|thời gian|ngày|fecha|hora|data|horário|heure|datum|zeit|وقت|تاريخ/,
  ],
  [
    'action',
    /action|operation|manage|option|操作|管理|アクション|작업|관리|действи|управлен|işlem|eylem|thao tác|hành động|acción|acciones|opciones|ação|ações|opções|opération|gérer|aktion|verwalten|إجراء/,
  ],
];

/** A label's name as the rules read it; API and whitelist labels (api-words.ts) are read by the same. */
export function labelKey(text: string): string {
  const folded = foldText(text);
  // A fold without a bracket, colon, star or arrow is left as it is by both replacements (most labels and lines).
  return hasKeyMark(folded) ? keyOf(folded) : folded.trim();
}

/** `labelKey` by its regular expressions alone, on every text: what it answers for every text. */
export function labelKeySlow(text: string): string {
  return keyOf(foldText(text));
}

function keyOf(folded: string): string {
  // Parenthesised qualifiers ("Date (UTC+8)"), sort arrows and trailing colons are not part of the name.
  return folded
    .replace(/[(（[].*?[)）\]]/g, ' ')
    .replace(/[:：*↑↓▲▼⇅]+/g, ' ')
    .trim();
}

/** Whether the text holds a unit either replacement of `keyOf` starts at: an opening bracket, a colon, a star, an arrow. */
function hasKeyMark(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x80 ? c === 0x28 || c === 0x5b || c === 0x3a || c === 0x2a : KEY_MARKS.includes(c)) return true;
  }
  return false;
}

/** （ ： ↑ ↓ ▲ ▼ ⇅: the units past ASCII of keyOf's two classes. */
const KEY_MARKS = [0xff08, 0xff1a, 0x2191, 0x2193, 0x25b2, 0x25bc, 0x21c5];

/**
 * What the label rules answered for the texts asked in this reading (a line's label is asked again as the line is
 * split, a header's text by each kind of list), forgotten at the next reading (`startLabels`). Pure functions of the
 * text, so a kept answer is the one reading it again would give; bounded in count and in the length of texts kept.
 */
const memos: Map<string, unknown>[] = [];
const MEMO_SIZE = 256;
const MEMO_TEXT = 120;

/** A memo of label answers by text, emptied with the others at each reading's start. */
export function labelMemo<T>(): Map<string, T | null> {
  const memo = new Map<string, T | null>();
  memos.push(memo);
  return memo;
}

export function startLabels(): void {
  for (const memo of memos) memo.clear();
}

/** `read(text)` as `memo` keeps it: looked up when the text was asked before in this reading. */
export function remembered<T>(
  memo: Map<string, T | null>,
  text: string,
  read: (text: string) => T | undefined,
): T | undefined {
  const short = text.length <= MEMO_TEXT;
  const known = short ? memo.get(text) : undefined;
  if (known !== undefined) return known ?? undefined;
  const f = read(text);
  if (short && memo.size < MEMO_SIZE) memo.set(text, f ?? null);
  return f;
}

const labels = labelMemo<FieldName>();

/** The field a header or label text names, or undefined when it names none we read. */
export function classifyLabel(text: string): FieldName | undefined {
  return remembered(labels, text, readLabel);
}

function readLabel(text: string): FieldName | undefined {
  return ruleFor(labelKey(text));
}

/** `classifyLabel` without its memo: what it answers for every text. */
export function classifyLabelSlow(text: string): FieldName | undefined {
  return ruleForSlow(labelKeySlow(text));
}

const ANY_RULE = anyRule(RULES);

function ruleFor(key: string): FieldName | undefined {
  if (!key || key.length > 40 || !ANY_RULE.test(key)) return undefined;
  for (const [field, re] of RULES) if (re.test(key)) return field;
  return undefined;
}

/** The rules asked one by one, without ANY_RULE: what `classifyLabel` answers for every text. */
function ruleForSlow(key: string): FieldName | undefined {
  if (!key || key.length > 40) return undefined;
  for (const [field, re] of RULES) if (re.test(key)) return field;
  return undefined;
}

/** Any of the time and address rules: a label the first rule matching names one of them matches this. */
const TIME_OR_IP = new RegExp(
  RULES.filter(([f]) => f === 'ip' || f === 'lastActive' || f === 'firstSeen' || f === 'time')
    .map(([, re]) => `(?:${re.source})`)
    .join('|'),
);

/**
 * `classifyLabel(text)` when it is a time field or `ip`, else undefined: a text that none of those rules matches is
 * answered after one pattern, not the whole ordered list (a line's leading words are asked whether they are such a
 * label glued to its value).
 */
export function timeOrIpLabel(text: string): FieldName | undefined {
  const known = text.length <= MEMO_TEXT ? labels.get(text) : undefined;
  if (known !== undefined)
    return known === 'ip' || known === 'lastActive' || known === 'firstSeen' || known === 'time' ? known : undefined;
  const key = labelKey(text);
  if (!key || key.length > 40 || !TIME_OR_IP.test(key)) return undefined;
  const f = ruleFor(key);
  return f === 'ip' || f === 'lastActive' || f === 'firstSeen' || f === 'time' ? f : undefined;
}

const LOGIN_WORDS =
  /log[- ]?in|sign[- ]?in|account|security|登录|登入|登錄|ログイン|로그인|вход|giriş|đăng nhập|inicio de sesión|acceso|acesso|início de sessão|connexion|anmelde|الدخول/;
const HISTORY_WORDS =
  /history|record|(?:^|\s)log(?:$|\s)|activit|attempt|历史|歷史|记录|記錄|紀錄|日志|履歴|기록|내역|истори|журнал|geçmiş|kayıt|etkinlik|lịch sử|nhật ký|historial|registro|actividad|histórico|atividade|historique|journal|verlauf|protokoll|aktivität|سجل|نشاط/;
const SESSIONS =
  /session|device|logged[- ]in|signed[- ]in|where you're|设备|設備|会话|會話|工作階段|在线|装置|端末|デバイス|セッション|세션|기기|сеанс|сесси|устройств|oturum|cihaz|phiên|thiết bị|sesion|sesión|dispositivo|sessão|sessões|appareil|gerät|sitzung|الجلسة|الأجهزة|جلسات/;

/** Whether a heading introduces a sessions/devices list or a login history. */
export function classifyHeading(text: string): 'sessions' | 'logins' | undefined {
  const t = foldText(text);
  if (!t || t.length > 80) return undefined;
  if (LOGIN_WORDS.test(t) && HISTORY_WORDS.test(t)) return 'logins';
  if (SESSIONS.test(t)) return 'sessions';
  return undefined;
}
