import { cleanText, isAscii } from '../text';
import type { ClientKind, LoginOutcome, SecondFactor, SessionStatus } from '../types';

export { cleanText, MAX_TEXT } from '../text';

const folded = new Map<string, string>();

/**
 * What the recognisers a list asks again and again answered (its badges' and buttons' words: every row's "Remove"),
 * kept for one reading and forgotten at the next (`startReading`). Pure functions of the text, so a kept answer is
 * the one reading it again would give; bounded in count and in the length of the texts kept.
 */
const markers = new Map<string, 0 | 1 | 2>();
const revokes = new Map<string, boolean>();
const MEMO_SIZE = 256;
const MEMO_TEXT = 320;

export function startReading(): void {
  markers.clear();
  revokes.clear();
  bareControls.clear();
}
/** The last text folded and its fold: a cell's recognisers ask for the same text one after another. */
let lastText = '';
let lastFold = '';

/** Lower-case, NFKC (full-width digits/colons), Turkish dotted-I residue removed. */
export function foldText(text: string): string {
  if (text === lastText) return lastFold;
  lastText = text;
  lastFold = foldOnce(text);
  return lastFold;
}

function foldOnce(text: string): string {
  // ASCII is its own NFKC form and has no combining dot: lower-casing is all there is to do.
  if (isAscii(text)) return cleanText(text).toLowerCase();
  // Every recogniser folds the same cell text again; a small memo keeps that to once.
  let f = folded.get(text);
  if (f === undefined) {
    f = cleanText(text)
      .normalize('NFKC')
      .toLowerCase()
      .replace(/\u0307/g, '');
    if (folded.size > 2000) folded.clear();
    folded.set(text, f);
  }
  return f;
}

// An octet, or one the page masked whole ("***", "xx") or in part ("2**", "*5"; length checked below).
const V4_OCTET = String.raw`(\d{1,3}|\d{0,2}\*{1,3}\d{0,2}|x{1,3})`;
const IPV4 = new RegExp(String.raw`(?<![\d.])(\d{1,3})\.${V4_OCTET}\.${V4_OCTET}\.${V4_OCTET}(?![\d.]*\d)`, 'i');
const IPV6 = /(?<![\w:.*])(?:(?:[0-9a-f]{0,4}|\*{1,4}):){2,7}(?:[0-9a-f]{1,4}|\*{1,4}|:)?(?![\w:*])/i;

/**
 * True when the whole text is a dotted quad of decimal octets none over 255 ("198.51.100.7"), read by hand: the
 * address IPV4 finds in it is then the text itself.
 */
export function isDottedQuad(text: string): boolean {
  const n = text.length;
  if (n < 7 || n > 15) return false;
  let dots = 0;
  let digits = 0;
  let octet = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return false;
      octet = octet * 10 + c - 0x30;
    } else if (c === 0x2e && digits && ++dots <= 3) {
      if (octet > 255) return false;
      digits = 0;
      octet = 0;
    } else return false;
  }
  return dots === 3 && digits > 0 && octet <= 255;
}

/** First IPv4/IPv6 address in the text, masked octets (`203.0.*.*`) kept as shown. */
export function parseIp(text: string): string | undefined {
  // A cell that is an address and nothing else, the common case, without a regular expression.
  return isDottedQuad(text) ? text : mayHoldIp(text) ? parseIpSlow(text) : undefined;
}

/** IPV4 needs a digit and a dot, IPV6 two colons: a text without them (a place, a device) holds no address. */
function mayHoldIp(text: string): boolean {
  let digit = false;
  let dot = false;
  let colons = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digit = true;
    else if (c === 0x2e) dot = true;
    else if (c === 0x3a && ++colons >= 2) return true;
    if (digit && dot) return true;
  }
  return false;
}

/** `parseIp` by regular expressions alone: what it answers for every text. */
export function parseIpSlow(text: string): string | undefined {
  const v4 = IPV4.exec(text);
  if (v4?.slice(1).every((o) => o!.length <= 3 && (!/^\d+$/.test(o!) || Number(o) <= 255))) return v4[0];
  const v6 = IPV6.exec(text);
  if (!v6) return undefined;
  const ip = v6[0];
  // Bare clock times ("14:12:00") have the same shape; a real v6 has "::" or four+ groups with some hex letters.
  if (ip.includes('::') ? ip.length > 2 : ip.split(':').length >= 4 && /[a-f*]|\d{3}/i.test(ip)) return ip;
  return undefined;
}

const PLACEHOLDER =
  /^(?:[-—–/]+|n\/?a|none|unknown|null|未知|不明|알 수 없음|неизвестно|bilinmiyor|không xác định|desconhecid[oa]|desconocid[oa]|inconnu|unbekannt|غير معروف)$/i;

// "Unknown location", "未知设备": a value that states nothing about its field, not a label for the next line.
const UNKNOWN_FIELD =
  /^(?:unknown|unrecognized|not available)\s+(?:location|place|city|country|region|device|browser|ip(?: address)?)$|^(?:未知|不明)(?:位置|地点|地點|设备|設備|地区|地區)$|^(?:位置|地点|设备)未知$/i;

/** "—", "N/A", "Unknown", "Unknown location": a cell that states nothing. */
export function isPlaceholder(text: string): boolean {
  return text === '' || PLACEHOLDER.test(text) || UNKNOWN_FIELD.test(text);
}

// Offline words first: several languages build "offline" from "online" ("не в сети", "غير متصل", "inaktiv").
const OFFLINE =
  /offline|ina[ck]?ti[fv]|disconn?ect|desconect|déconnect|logged out|signed out|expired|离线|離線|下线|オフライン|오프라인|не в сети|офлайн|неактив|çevrimdışı|pasif|ngoại tuyến|không hoạt động|fuera de línea|hors ligne|abgemeldet|غير (?:متصل|نشط)/;
const ONLINE =
  /online|a[ck]?ti[fv]|conn?ect|在[线線]|活[跃躍]|使用中|オンライン|온라인|접속 중|в сети|онлайн|активн|çevrimiçi|trực tuyến|đang hoạt động|en l(?:igne|ínea)|متصل|نشط/;

/**
 * Online/offline from a status text, or from the class names of a status dot. `strict` (for
 * unlabeled text) wants the status words to be nearly all of it: "Hetzner Online" is an ISP.
 */
export function parseStatus(text: string, className = '', strict = false): SessionStatus | undefined {
  const t = foldText(text);
  if (t && t.length <= 40) {
    for (const [re, status] of [
      [OFFLINE, 'offline'],
      [ONLINE, 'online'],
    ] as const) {
      const m = re.exec(t);
      if (m && (!strict || t.length - m[0].length <= 4)) return status;
    }
  }
  return t ? undefined : statusFromClass(className);
}

/** Class names of status dots: `dot-green`, `status-success`, `online`, `text-muted`… */
export function statusFromClass(className: string): SessionStatus | undefined {
  const c = className.toLowerCase();
  if (/(?:^|[\s_-])(?:offline|inactive|gr[ae]y|muted|disabled|secondary)(?=$|[\s_-])/.test(c)) return 'offline';
  if (/(?:^|[\s_-])(?:online|active|green|success)(?=$|[\s_-])/.test(c)) return 'online';
  return undefined;
}

/** Class names of result icons: `icon-error`, `result-failed`, `status-success`, `check-ok`… */
export function outcomeFromClass(className: string): LoginOutcome | undefined {
  const c = className.toLowerCase();
  if (
    /(?:^|[\s_-])(?:fail(?:ed|ure)?|error|danger|denied|blocked|rejected|cross|times|close-circle)(?=$|[\s_-])/.test(c)
  )
    return 'failed';
  if (/(?:^|[\s_-])(?:success(?:ful)?|succeeded|ok|passed|check(?:ed|mark)?|check-circle)(?=$|[\s_-])/.test(c))
    return 'success';
  return undefined;
}

const FAILED =
  /fail|unsuccess|denied|block|reject|error|incorrect|wrong|invalid|失[败敗]|拒[绝絕否]|拦截|攔截|ブロック|실패|차단|неудач|ошибк|отклон|заблок|başarısız|engel|hata|thất bại|bị chặn|fall(?:id|ó)|bloque|rechaz|falh|échec|échoué|refusé|fehlgeschlagen|abgelehnt|فشل|فاشل|مرفوض|محظور/;
const SUCCEEDED =
  /succ|\bok\b|allowed|passed|complet|approved|verified|成功|성공|успе|başarılı|thành công|éxito|exitos|correct|sucesso|bem-sucedid|réussi|erfolgreich|نا?جا?ح/;

/** Success/failure of a login attempt. */
export function parseOutcome(text: string): LoginOutcome | undefined {
  const t = foldText(text);
  if (!t || t.length > 60) return undefined;
  if (FAILED.test(t)) return 'failed';
  if (SUCCEEDED.test(t)) return 'success';
  return undefined;
}

const FACTORS: [SecondFactor, RegExp][] = [
  [
    'passkey',
    /pass ?key|通行密[钥鑰]|通行金[钥鑰]|密[钥鑰]登录|パスキー|패스키|ключ доступа|geçiş anahtarı|khóa truy cập|(?:llave|chave) de ac?cesso|clé d'accès|مفتاح المرور/,
  ],
  [
    'security-key',
    /yubikey|security key|hardware key|u2f|fido|webauthn|安全密[钥鑰]|セキュリティキー|보안 키|ключ безопасности|güvenlik anahtarı|khóa bảo mật|(?:llave|clave|chave) de segur|clé de sécurité|sicherheitsschlüssel|مفتاح الأمان/,
  ],
  ['sms', /\bsms\b|text message|短信|簡訊|문자|смс|kısa mesaj|tin nhắn|mensa(?:je|gem) de texto|رسالة نصية/],
  ['email', /e-?mail|邮箱|郵箱|邮件|郵件|メール|이메일|почт|e-posta|correo|courriel|البريد/],
  [
    'authenticator',
    /authenti|otp|验证器|驗證器|谷歌验证|認証アプリ|인증 앱|аутентификатор|doğrulayıcı|ứng dụng xác thực|autentica|مصادق/,
  ],
  ['sms', /phone|mobile|手[机機]|電話|휴대폰|전화|телефон|tel[eé]f|t[eé]l[eé]ph|điện thoại|handy|هاتف|جوال/],
  [
    'none',
    /^(?:none|no|off|disabled|[-—]+|n\/a|无|無|なし|없음|нет|yok|không|ningun[oa]|nenhuma?|aucune?|kein(?:e|er)?|لا يوجد|لا)$/,
  ],
];

/**
 * One pattern that any of the rules' patterns (none with flags or numbered back-references) matches: a text it does not
 * match is answered after one search rather than one per rule, and one it matches is asked rule by rule as before.
 */
export function anyRule(rules: readonly (readonly [unknown, RegExp])[]): RegExp {
  // A flag or a numbered back-reference would mean something else inside the joined pattern: a rule added with one
  // must fail here, when the module loads, not miss its texts silently.
  for (const [, re] of rules) {
    if (re.flags || /\\[1-9]/.test(re.source)) throw new Error(`anyRule cannot join /${re.source}/${re.flags}`);
  }
  return new RegExp(rules.map(([, re]) => `(?:${re.source})`).join('|'));
}

const ANY_FACTOR = anyRule(FACTORS);

/** Which second factor a login used; `other` for a stated factor we do not know. */
export function parseSecondFactor(text: string): SecondFactor | undefined {
  const t = foldText(text);
  if (!t || t.length > 80) return undefined;
  if (!ANY_FACTOR.test(t)) return 'other';
  for (const [factor, re] of FACTORS) if (re.test(t)) return factor;
  return 'other';
}

/** `parseSecondFactor` rule by rule alone: what it answers for every text. */
export function parseSecondFactorSlow(text: string): SecondFactor | undefined {
  const t = foldText(text);
  if (!t || t.length > 80) return undefined;
  for (const [factor, re] of FACTORS) if (re.test(t)) return factor;
  return 'other';
}

const BROWSER =
  /chrome|chromium|firefox|safari|edge|opera|brave|vivaldi|yandex|яндекс|браузер|whale|c[oố]c c[oố]c|uc ?browser|samsung ?internet|msie|webview|mozilla/;
const WEB =
  /(?:^|[^a-z])web(?:$|[^a-z])|browser|网页|網頁|浏览器|瀏覽器|ウェブ|ブラウザ|웹|브라우저|веб|tarayıcı|trình duyệt|navega|ويب|متصفح/;
const APP =
  /(?:^|[^a-z])(?:app|application|client)(?:$|[^a-z])|客户端|用戶端|应用|應用|アプリ|앱|приложени|uygulama|ứng dụng|aplica|anwendung|تطبيق/;

/** App, web or API client. `fromDevice` reads a free device string, where a bare OS name says nothing. */
export function parseKind(text: string, fromDevice = false): ClientKind | undefined {
  const t = foldText(text);
  if (!t) return undefined;
  if (/(?:^|[^a-z])api(?:$|[^a-z])/.test(t)) return 'api';
  if (BROWSER.test(t) || WEB.test(t)) return 'web';
  if (APP.test(t)) return 'app';
  if (!fromDevice && /^(?:ios|android|ipados|harmonyos|mobile|手机|手機)/.test(t)) return 'app';
  return undefined;
}

const DEVICE = new RegExp(
  `${BROWSER.source}|${/windows|mac ?os|os x|macintosh|mac(?:book|mini)?\b|iphone|ipad|\bios\b|android|linux|ubuntu|debian|fedora|chromebook|pixel|galaxy|huawei|honor|xiaomi|redmi|oneplus|oppo|vivo|nokia|motorola|lenovo|desktop|laptop|tablet|\bapp\b|\bpc\b|mobile|手[机機]|电脑|電腦|安卓|苹果|平板|스마트폰|компьютер|телефон|bilgisayar|điện thoại|máy tính|ordenador|computador|ordinateur|handy|هاتف/.source}`,
);

/** Free text that names a browser, OS or device model. */
export function looksLikeDevice(text: string): boolean {
  const t = foldText(text);
  return t.length >= 2 && t.length <= 200 && DEVICE.test(t) && !/[:：]\s*$/.test(t);
}

/** "City, CC", "City, Country", "القاهرة، مصر": two or three short named parts, no digits. */
export function looksLikeLocation(text: string): boolean {
  const t = cleanText(text);
  return t.length <= 80 && /^[^\d,،:@/]{2,40}(?:[,،]\s*[^\d,،:@/]{2,40}){1,2}$/u.test(t) && !looksLikeDevice(t);
}

// Phrases that mark the session the user is reading the page from.
const CURRENT =
  /this (?:session|device|browser|computer)|current (?:session|device|browser)|当前(?:设备|會話|会话|登录|浏览器|裝置)|本[机機]|本(?:设备|裝置)|目前(?:裝置|工作階段)|現在のセッション|この(?:デバイス|端末)|현재 (?:기기|세션|장치)|이 기기|текущ(?:ий|ее|ая) (?:сеанс|сессия|устройство)|это устройство|bu (?:oturum|cihaz)|(?:geçerli|mevcut) oturum|phiên hiện tại|thiết bị (?:này|hiện tại)|(?:sesi[oó]n|sess[aã]o|dispositivo) a(?:c)?tual|este dispositivo|session actuelle|cet appareil|appareil actuel|aktuelle sitzung|(?:dieses|aktuelles) gerät|الجلسة الحالية|هذا الجهاز|الجهاز الحالي/;
const CURRENT_WORD =
  /^(?:current|当前|當前|現在|현재|текущ(?:ий|ая|ее)|geçerli|mevcut|hiện tại|actual|atual|actuel(?:le)?|aktuell|الحالي(?:ة)?|本[机機])$/;
const ACTIVE_NOW = /^(?:active now|online now|active|now)$|^(?:当前)?活跃$/;

/**
 * How strongly a text marks the current session: 2 for an explicit phrase ("This device"),
 * 1 for "active now" (also shown for other live sessions on some sites), 0 otherwise.
 */
export function currentMarkerStrength(text: string): 0 | 1 | 2 {
  // An ASCII text folds to its own units lower-cased, fewer if any: without an a, e or o in any case it has no
  // marker unit once folded either, and is answered without folding (a time, an address).
  if (!mayHoldMarker(text)) return 0;
  const short = text.length <= MEMO_TEXT;
  const known = short ? markers.get(text) : undefined;
  if (known !== undefined) return known;
  const strength = markerStrength(text);
  if (short && markers.size < MEMO_SIZE) markers.set(text, strength);
  return strength;
}

function markerStrength(text: string): 0 | 1 | 2 {
  const t = foldText(text);
  if (!t || t.length > 80) return 0;
  // Every phrase of CURRENT, CURRENT_WORD and ACTIVE_NOW has an "a", "e" or "o" or a unit past ASCII: a time
  // ("2026-04-14 14:12 utc") has none and is no marker.
  if (!hasMarkerUnit(t)) return 0;
  return markerIn(t);
}

/** `currentMarkerStrength` by its regular expressions alone, on every text. */
export function currentMarkerStrengthSlow(text: string): 0 | 1 | 2 {
  const t = foldText(text);
  if (!t || t.length > 80) return 0;
  return markerIn(t);
}

function markerIn(t: string): 0 | 1 | 2 {
  if (CURRENT.test(t) || CURRENT_WORD.test(t)) return 2;
  return ACTIVE_NOW.test(t) ? 1 : 0;
}

function mayHoldMarker(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return true;
    const l = c | 0x20;
    if (l === 0x61 || l === 0x65 || l === 0x6f) return true;
  }
  return false;
}

function hasMarkerUnit(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x61 || c === 0x65 || c === 0x6f || c > 0x7f) return true;
  }
  return false;
}

/** True when the text marks the current session ("This session", "当前设备", "active now"…). */
export function isCurrentMarker(text: string): boolean {
  return currentMarkerStrength(text) > 0;
}

/** Removes a current-session badge's words from a device text ("Chrome on macOS Current device"). */
// "Your current session": the possessive goes with the badge.
const CURRENT_ALL = new RegExp(`(?:(?:this is )?your\\s+)?(?:${CURRENT.source})`, 'gi');

export function stripCurrentMarker(text: string): string {
  return cleanText(
    text
      .replace(CURRENT_ALL, '')
      .replace(/[(（[]\s*[)）\]]/g, '')
      .replace(/[\s·•|,，:：—–-]+$/, ''),
  );
}

const REVOKE =
  /remove|revoke|sign ?out|log ?out|terminate|end session|disconnect|delete|删除|移除|退出|登出|注[销銷]|註銷|下[线線]|削除|ログアウト|サインアウト|삭제|로그아웃|종료|удалить|завершить|выйти|kaldır|\bsil\b|oturumu kapat|çıkış|xóa|đăng xuất|eliminar|cerrar sesión|revoca|encerrar|sair|excluir|revog|supprimer|déconnect|révoquer|entfernen|abmelden|widerrufen|beenden|إزالة|تسجيل الخروج|حذف|إنهاء/;

/** Text or label of a per-session revoke button. */
export function isRevokeText(text: string): boolean {
  const short = text.length <= MEMO_TEXT;
  const known = short ? revokes.get(text) : undefined;
  if (known !== undefined) return known;
  const t = foldText(text);
  const is = t.length > 0 && t.length <= 60 && REVOKE.test(t);
  if (short && revokes.size < MEMO_SIZE) revokes.set(text, is);
  return is;
}

const bareControls = new Map<string, boolean>();

/**
 * `isRevokeText` of the label `controlLabel` gives a control that has a text and no label, title or value
 * attribute: its text and three spaces, at most 300 units. Kept by text for the reading.
 */
export function isRevokeControlText(text: string): boolean {
  const short = text.length <= MEMO_TEXT;
  const known = short ? bareControls.get(text) : undefined;
  if (known !== undefined) return known;
  const is = isRevokeText(`${text}   `.slice(0, 300));
  if (short && bareControls.size < MEMO_SIZE) bareControls.set(text, is);
  return is;
}

const EMPTY =
  /^(?:no (?:data|records?|results?|sessions?|devices?|entries|history|activity)(?: found| yet| available)?|nothing (?:here|to show)|empty|暂无(?:数据|记录|设备)?|暫無(?:資料|記錄)?|没有(?:数据|记录)|無資料|データがありません|記録がありません|데이터가 없습니다|기록이 없습니다|нет (?:данных|записей)|kayıt (?:yok|bulunamadı)|veri yok|không có (?:dữ liệu|bản ghi)|sin (?:datos|registros|resultados)|sem (?:dados|registros)|nenhum registro|aucune? (?:donnée|session|enregistrement|résultat)s?|keine (?:daten|einträge|sitzungen)|لا توجد (?:بيانات|سجلات)|لا يوجد)\.?$/;

/**
 * The length `cleanText` gives an ASCII text before its cap (every ASCII text folds to that length too), counted
 * without building it; -1 when a unit in the first 4,000 is not ASCII. ASCII whitespace is tab, line feed, carriage
 * return and space; the other controls (vertical tab and form feed among them) are invisible and dropped.
 */
export function asciiCleanLength(text: string): number {
  const n = text.length > 4000 ? 4000 : text.length;
  let count = 0;
  let space = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return -1;
    if (c > 0x20 && c < 0x7f) {
      if (space && count) count++;
      space = false;
      count++;
    } else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) space = true;
  }
  return count;
}

/**
 * False when no text beginning as this one does can be an empty state: every phrase of EMPTY begins with a unit
 * past ASCII or with one of the letter pairs below, and the fold keeps printable ASCII units as they are,
 * lower-cased. A table row is then known to be no empty state by the first two units of its first text, without
 * putting its text together or folding it.
 */
export function mayBeginEmptyState(text: string): boolean {
  const a = text.charCodeAt(0);
  if (!(a >= 0x21 && a <= 0x7e)) return true;
  const b = text.charCodeAt(1);
  const first = a | 0x20;
  const second = b | 0x20;
  const sure = b >= 0x21 && b <= 0x7e;
  switch (first) {
    // no, nothing, nenhum
    case 0x6e:
      return !sure || second === 0x6f || second === 0x65;
    // empty
    case 0x65:
      return !sure || second === 0x6d;
    // kayıt, keine, không
    case 0x6b:
      return !sure || second === 0x61 || second === 0x65 || second === 0x68;
    // veri
    case 0x76:
      return !sure || second === 0x65;
    // sin, sem
    case 0x73:
      return !sure || second === 0x69 || second === 0x65;
    // aucun
    case 0x61:
      return !sure || second === 0x75;
    default:
      return false;
  }
}

/** "No records", "暂无数据": the row a list shows when it is empty. */
export function isEmptyState(text: string): boolean {
  // A row's text is long: when it is ASCII its folded length is known without folding it.
  if (asciiCleanLength(text) > 80) return false;
  const t = foldText(text);
  return t.length <= 80 && EMPTY.test(t);
}
