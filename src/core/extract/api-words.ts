/**
 * The words of API-key, API access-log and withdrawal-whitelist lists: what their column headers and labels name,
 * and what their permission, status and IP-restriction values say. Header words decide which list a table is (its
 * structure); value words only fill the fields of a row already placed in a list.
 */

import { API_PERMISSIONS, type ApiPermission } from '../types';
import { anyRule, foldText, isPlaceholder, parseIp } from './fields';
import { labelKey, labelKeySlow, labelMemo, remembered } from './labels';

/** What a header or label of one of these lists names. */
export type ApiField =
  | 'name'
  | 'key'
  | 'secret'
  | 'permissions'
  | 'ip'
  | 'created'
  | 'status'
  | 'time'
  | 'action'
  | 'coin'
  | 'network'
  | 'coinNetwork'
  | 'address'
  | 'unrelated';

export type ApiListKind = 'keys' | 'calls' | 'whitelist';

// Ordered: the first rule whose pattern occurs in the label wins, so "API key label" is a name before it is a key,
// "IP access restrictions" an IP column before it is permissions, and "IP address" never a withdrawal address.
// Patterns are substrings of labels in en, zh-Hans, zh-Hant, ja, ko, ru, tr, vi, es, pt, fr, de, ar.
const RULES: [ApiField, RegExp][] = [
  // Columns of money and orders: a table with one is a balance, an order book or a withdrawal history, never one
  // of these lists.
  [
    'unrelated',
    /amount|price|balance|volume|quantity|\bqty\b|\bfee\b|txid|tx ?hash|\bhash\b|transaction id|\bpair\b|\bside\b|filled|\btotal\b|available|in orders?|\bvalue\b|profit|pnl|金额|金額|数量|數量|价格|價格|余额|餘額|手续费|手續費|交易对|交易對|成交|哈希|価格|残高|手数料|금액|수량|가격|잔고|수수료|сумма|количество|цена|баланс|комисси|tutar|miktar|fiyat|bakiye|ücret|số lượng|số tiền|giá|số dư|\bphí\b|importe|cantidad|precio|saldo|comisión|quantia|quantidade|preço|\btaxa\b|montant|quantité|\bprix\b|solde|\bfrais\b|betrag|menge|preis|kontostand|gebühr|المبلغ|الكمية|السعر|الرصيد|الرسوم/,
  ],
  [
    'name',
    /(?:^|\s)(?:label|name|remark|note|nickname|description)s?$|^(?:label|name|remark|note)(?:$|\s)|备注|備註|标签|標籤|名称|名稱|别名|別名|ラベル|名前|라벨|이름|별칭|метка|название|имя|примечание|(?:^|\s)(?:etiket|ad|isim|not|açıklama)$|nhãn|(?:^|\s)tên$|ghi chú|etiqueta|nombre|(?:^|\s)nota$|rótulo|(?:^|\s)nome$|libellé|(?:^|\s)nom$|bezeichnung|notiz|التسمية|الاسم|الوصف/,
  ],
  ['ip', /(?:^|[^a-z])ips?(?:$|[^a-z])|ip地址|ip位址|ipアドレス/],
  // A key's secret or passphrase (shown masked, or once): a field of the card, never the key's identity.
  ['secret', /secret|passphrase|私[钥鑰]|シークレット|시크릿|секрет|gizli anahtar|bí mật|secreta|secrète|geheim|السري/],
  [
    'key',
    /api[- ]?key|access[- ]?key|key[- ]?id|(?:^|\s)key$|api ?密[钥鑰]|密[钥鑰]|金[钥鑰]|api ?キー|api ?키|api[- ]?ключ|api anahtar|khóa api|clave (?:de )?api|api[- ]?clave|chave (?:de )?api|clé (?:d')?api|api[- ]?schlüssel|مفتاح/,
  ],
  [
    'permissions',
    /permission|scope|privilege|access rights?|restrictions?$|权限|權限|権限|許可|권한|разрешени|(?:^|\s)права|полномочи|izin|yetki|quyền|permiso|permiss|autorisation|(?:^|\s)droits|berechtigung|صلاحي|أذونات|الإذن/,
  ],
  [
    'created',
    /creat|(?:^|\s)added|add(?:ed)? (?:time|on|date)|date added|issued|创建|創建|建立|添加|新增|追加|作成|登録日|생성|추가|등록|создан|добавлен|создания|oluştur|eklen|ngày tạo|thời gian tạo|(?:^|\s)tạo|ngày thêm|cread|creación|añadid|agregad|criad|criação|adicionad|créé|création|ajouté|erstellt|hinzugefügt|angelegt|إنشاء|الإضافة|أضيف/,
  ],
  [
    'status',
    /status|state|状态|狀態|ステータス|状態|상태|статус|состояние|durum|trạng thái|estado|situação|statut|état|zustand|الحالة/,
  ],
  [
    'coinNetwork',
    /(?:coin|currency|asset|token|币种|幣種|币|幣|通貨|코인|монета|moneda|moeda|devise|währung|العملة).{0,6}(?:network|chain|网络|網絡|網路|链|鏈|ネットワーク|네트워크|сеть|mạng|red|rede|réseau|netzwerk|الشبكة)/,
  ],
  [
    'coin',
    /coin|currency|asset|token|crypto|币种|幣種|(?:^|\s)币$|(?:^|\s)幣$|通貨|コイン|코인|자산|монета|валюта|актив|varlık|kripto|(?:^|\s)đồng|tiền|moneda|activo|cripto|moeda|ativo|devise|(?:^|\s)actif|währung|münze|العملة/,
  ],
  [
    'network',
    /network|chain|protocol|网络|網絡|網路|(?:^|\s)链$|(?:^|\s)鏈$|主网|ネットワーク|チェーン|네트워크|체인|сеть|блокчейн|(?:^|\s)ağ(?:$|\s)|zincir|mạng|chuỗi|(?:^|\s)red(?:$|\s)|cadena|(?:^|\s)rede(?:$|\s)|réseau|chaîne|netzwerk|الشبكة|السلسلة/,
  ],
  [
    'address',
    /address|wallet|recipient|destination|地址|位址|アドレス|주소|адрес|adres|địa chỉ|dirección|endereço|adresse|العنوان|عنوان/,
  ],
  [
    'time',
    /time|date|when|时间|日期|時間|日時|日付|시간|일시|날짜|время|дата|tarih|zaman|saat|thời gian|ngày|fecha|hora|data|horário|heure|datum|zeit|وقت|تاريخ/,
  ],
  [
    'action',
    /action|operation|request|endpoint|method|(?:^|\s)type$|(?:^|\s)call|操作|请求|請求|接口|类型|類型|アクション|リクエスト|種類|작업|요청|유형|действи|операци|запрос|(?:^|\s)тип|işlem|istek|(?:^|\s)tür|thao tác|hành động|yêu cầu|(?:^|\s)loại|acción|operación|solicitud|(?:^|\s)tipo|ação|operação|requisição|opération|requête|aktion|vorgang|anfrage|(?:^|\s)typ|إجراء|عملية|طلب|النوع/,
  ],
];

const apiLabels = labelMemo<ApiField>();

/** The field a header or label of an API or whitelist list names, or undefined. */
export function classifyApiLabel(text: string): ApiField | undefined {
  return remembered(apiLabels, text, readApiLabel);
}

const ANY_RULE = anyRule(RULES);

function readApiLabel(text: string): ApiField | undefined {
  const key = labelKey(text);
  if (!key || key.length > 40 || !ANY_RULE.test(key)) return undefined;
  for (const [field, re] of RULES) if (re.test(key)) return field;
  return undefined;
}

/** `classifyApiLabel` without its memo, its key's shortcut or ANY_RULE: what it answers for every text. */
export function classifyApiLabelSlow(text: string): ApiField | undefined {
  const key = labelKeySlow(text);
  if (!key || key.length > 40) return undefined;
  for (const [field, re] of RULES) if (re.test(key)) return field;
  return undefined;
}

/**
 * Which list a header row's fields make, by which columns stand together: a key column or a permissions column
 * makes an API-key list; a key column with a caller's address and a time, an access log; an address with its coin or
 * network and its label or date, a whitelist. A money column (amount, price, TxID) makes none.
 */
export function apiListKind(fields: ReadonlySet<ApiField | undefined>): ApiListKind | undefined {
  const has = (f: ApiField) => fields.has(f);
  if (has('unrelated')) return undefined;
  const coin = has('coin') || has('network') || has('coinNetwork');
  if (has('permissions') && (has('key') || has('name') || has('ip')) && !has('address')) return 'keys';
  if (has('key') && has('time') && has('ip') && !has('permissions') && !has('created') && !has('address') && !coin)
    return 'calls';
  if (has('key') && (has('name') || has('created') || has('ip') || has('status')) && !has('address') && !coin)
    return 'keys';
  if (has('address') && coin && (has('name') || has('created')) && !has('key') && !has('permissions'))
    return 'whitelist';
  return undefined;
}

const PERMISSIONS: [ApiPermission, RegExp][] = [
  [
    'read',
    /read|view|query|general|info|读|讀|查询|查詢|查看|通用|読み取り|参照|閲覧|읽기|조회|чтени|просмотр|okuma|görüntüle|đọc|xem|lectur|leitur|consult|lesen|قراءة|عرض/,
  ],
  [
    'trade',
    /trad|spot|交易|现货|現貨|取引|현물|거래|торг|спот|işlem|alım satım|giao dịch|comerci|operar|negocia|négoci|handel|تداول/,
  ],
  [
    'margin',
    /margin|leverage|杠杆|槓桿|保证金|保證金|信用取引|マージン|마진|маржин|marjin|ký quỹ|margen|margem|marge|الهامش/,
  ],
  [
    'futures',
    /futur|perpetual|contract|derivativ|合约|合約|期货|期貨|先物|선물|фьючерс|vadeli|tương lai|hợp đồng|contrat|termin|العقود|الآجلة/,
  ],
  [
    'withdraw',
    /withdraw|提现|提現|提币|提幣|出金|출금|вывод|çekim|çekme|rút|retir|saque|levantament|retrait|auszahl|abheb|سحب/,
  ],
  ['transfer', /transfer|划转|劃轉|转账|轉帳|转帐|振替|送金|이체|перевод|chuyển|virement|überweis|umbuch|تحويل/],
];
const SPOT = /spot|现货|現貨|현물|спот|現物/;
const ORDER: readonly ApiPermission[] = API_PERMISSIONS;

/** Splits a permissions cell's texts (one per chip or text node) into the tokens the page lists. */
export const PERMISSION_SEPARATORS = /[,，、;；/|·•\n]+/;

/** The words one text lists: at most 50, from its first 2,000 characters (a key has a handful of permissions). */
export function listTokens(text: string): string[] {
  const out: string[] = [];
  for (const part of text.slice(0, 2000).split(PERMISSION_SEPARATORS)) {
    const t = part.trim();
    if (t) out.push(t);
    if (out.length >= 50) break;
  }
  return out;
}

/**
 * The permissions a list of the page's words grants, in a fixed order. A word may grant two ("Spot & Margin
 * Trading"); "Futures trading" is futures alone (trading on a futures account), unless it also says spot. A word
 * that grants nothing we know is `other`; a placeholder grants nothing.
 */
export function parsePermissions(tokens: readonly string[]): ApiPermission[] {
  const out = new Set<ApiPermission>();
  for (const raw of tokens.slice(0, 50)) {
    const t = foldText(raw);
    if (!t || t.length > 80 || isPlaceholder(t)) continue;
    const found = new Set<ApiPermission>();
    for (const [p, re] of PERMISSIONS) if (re.test(t)) found.add(p);
    if (found.has('trade') && (found.has('margin') || found.has('futures')) && !SPOT.test(t)) found.delete('trade');
    if (!found.size) found.add('other');
    for (const p of found) out.add(p);
  }
  return ORDER.filter((p) => out.has(p));
}

// Disabled first: several languages build "inactive" from "active".
const KEY_DISABLED =
  /disabl|inactiv|paused|frozen|expired|revoked|suspend|deactivat|(?:^|\s)off$|禁用|停用|冻结|凍結|失效|过期|過期|关闭|關閉|無効|停止|비활성|중지|만료|отключ|неактив|заблок|истек|devre dışı|pasif|askıda|süresi dol|vô hiệu|(?:^|\s)tắt|hết hạn|deshabilit|desactiv|caducad|desativad|inativ|expirad|désactiv|inactif|expiré|deaktiv|inaktiv|abgelaufen|gesperrt|معطل|غير نشط|منتهي/;
const KEY_ENABLED =
  /enabl|activ|normal|valid|(?:^|\s)on$|启用|正常|生效|有效|開啟|啟用|有効|활성|사용 중|정상|актив|включ|aktif|etkin|hoạt động|(?:^|\s)bật|habilit|(?:^|\s)ativ|actif|activé|aktiv|مفعل|نشط|فعال/;

/** Enabled or disabled, from a key's status cell. */
export function parseKeyStatus(text: string): 'enabled' | 'disabled' | undefined {
  const t = foldText(text);
  if (!t || t.length > 40) return undefined;
  if (KEY_DISABLED.test(t)) return 'disabled';
  if (KEY_ENABLED.test(t)) return 'enabled';
  return undefined;
}

const UNRESTRICTED =
  /unrestrict|no restriction|not restricted|no ip restriction|any ip|all ips?\b|open to all|不限|无限制|無限制|未限制|制限なし|無制限|제한 없음|무제한|без огранич|не огранич|kısıtlama yok|kısıtlamasız|sınırsız|không giới hạn|sin restricci|sem restri|sans restriction|non restreint|illimité|uneingeschränkt|keine (?:ip-)?beschränkung|unbeschränkt|غير مقيد|بدون قيود/;

/**
 * An IP-restriction cell: the addresses and CIDR ranges it lists, or that it says there is none. Neither when it
 * says nothing readable ("—").
 */
export function parseIpRestriction(text: string): { ips?: string[]; unrestricted?: boolean } {
  const t = foldText(text);
  if (!t) return {};
  const ips: string[] = [];
  for (const token of t.slice(0, 6400).split(/[\s,，;；、|]+/)) {
    if (ips.length >= 100) break;
    const ip = parseIp(token);
    if (!ip) continue;
    const cidr = /\/(\d{1,3})$/.exec(token);
    ips.push((cidr ? `${ip}/${cidr[1]}` : ip).slice(0, 64));
  }
  if (ips.length) return { ips };
  return t.length <= 80 && UNRESTRICTED.test(t) ? { unrestricted: true } : {};
}

const API_HEADING = /(?:^|[^a-z])api(?:$|[^a-z])/;

/** Whether a heading names API keys or their calls (for a log whose header row names no key column). */
export function isApiHeading(text: string): boolean {
  const t = foldText(text);
  return t.length > 0 && t.length <= 80 && API_HEADING.test(t);
}
