import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { classifyHeading, classifyLabel, type FieldName, timeOrIpLabel } from './labels';

const cases: Record<FieldName, string[]> = {
  device: [
    'Device',
    'Devices',
    'Device / Browser',
    'Browser',
    'Operating system',
    '设备',
    '設備',
    '裝置',
    '登录设备',
    'デバイス',
    '端末',
    '기기',
    'Устройство',
    'Cihaz',
    'Thiết bị',
    'Dispositivo',
    'Appareil',
    'Gerät',
    'الجهاز',
  ],
  ip: [
    'IP',
    'IP Address',
    'IP address:',
    'Login IP',
    'IP地址',
    'IP 地址',
    'IP 位址',
    'IPアドレス',
    'IP 주소',
    'IP-адрес',
    'IP Adresi',
    'Địa chỉ IP',
    'Dirección IP',
    'Endereço IP',
    'Adresse IP',
    'IP-Adresse',
    'عنوان IP',
  ],
  location: [
    'Location',
    'Login location',
    'Country / Region',
    '地点',
    '登录地点',
    '位置',
    '地點',
    '場所',
    '위치',
    'Местоположение',
    'Konum',
    'Vị trí',
    'Ubicación',
    'Localização',
    'Localisation',
    'Standort',
    'الموقع',
  ],
  time: [
    'Date',
    'Time',
    'Date (UTC)',
    'Login time',
    'Sign-in time',
    '时间',
    '登录时间',
    '登入時間',
    'ログイン日時',
    '일시',
    '로그인 시간',
    'Время входа',
    'Дата',
    'Tarih',
    'Thời gian',
    'Fecha',
    'Data e hora',
    'Date et heure',
    'Datum',
    'التاريخ',
  ],
  firstSeen: [
    'First seen',
    'First login',
    'Signed in',
    'Created',
    'Started',
    '首次登录',
    '首次登录时间',
    '初回ログイン',
    '최초 로그인',
    'Впервые',
    'İlk giriş',
    'Đăng nhập đầu tiên',
    'Primer inicio',
    'Primeiro acesso',
    'Première connexion',
    'Erste Anmeldung',
    'أول تسجيل دخول',
  ],
  lastActive: [
    'Last active',
    'Last Active Time',
    'Last activity',
    'Last seen',
    'Last accessed',
    'Last login',
    'Recent activity',
    'Most recent activity',
    '最近活跃',
    '最后活跃时间',
    '最後活動時間',
    '最終アクセス',
    '마지막 활동',
    'Последняя активность',
    'Son etkinlik',
    'Hoạt động gần nhất',
    'Última actividad',
    'Última atividade',
    'Dernière activité',
    'Letzte Aktivität',
    'Zuletzt aktiv',
    'آخر نشاط',
  ],
  status: [
    'Status',
    'State',
    '状态',
    '狀態',
    'ステータス',
    '상태',
    'Статус',
    'Durum',
    'Trạng thái',
    'Estado',
    'Statut',
    'الحالة',
  ],
  outcome: [
    'Result',
    'Outcome',
    '结果',
    '結果',
    '결과',
    'Результат',
    'Sonuç',
    'Kết quả',
    'Resultado',
    'Résultat',
    'Ergebnis',
    'النتيجة',
  ],
  secondFactor: [
    '2FA Method',
    '2FA',
    'Two-factor',
    'Verification method',
    '验证方式',
    '二次验证',
    '2段階認証',
    '2단계 인증',
    'Двухфакторная аутентификация',
    'İki faktörlü doğrulama',
    'Xác thực 2 lớp',
    'Verificación en dos pasos',
    'Verificação em duas etapas',
    'Double authentification',
    'Zwei-Faktor',
    'التحقق بخطوتين',
  ],
  kind: [
    'Type',
    'Login type',
    'Source',
    'Client type',
    '类型',
    '来源',
    '種類',
    '유형',
    'Тип',
    'Tür',
    'Loại',
    'Tipo',
    'Origem',
    'Typ',
  ],
  action: [
    'Action',
    'Actions',
    'Operation',
    '操作',
    '管理',
    '작업',
    'Действия',
    'İşlem',
    'Thao tác',
    'Acción',
    'Ações',
    'Aktion',
    'الإجراء',
  ],
  unrelated: [
    'Pair',
    'Last Price',
    '24h Change',
    'Balance',
    'API Key',
    'Permissions',
    'IP whitelist',
    '价格',
    '余额',
    'Order ID',
  ],
};

describe('classifyLabel', () => {
  const rows = Object.entries(cases).flatMap(([field, labels]) => labels.map((l) => [l, field] as const));
  test.each(rows)('%s → %s', (label, field) => {
    expect(classifyLabel(label)).toBe(field);
  });

  test.each(['', 'Chrome 126 on macOS 14.5', 'Hong Kong, HK', '203.0.113.42', 'Online', 'a'.repeat(80)])(
    '%j names nothing',
    (text) => {
      expect(classifyLabel(text)).toBeUndefined();
    },
  );

  test('never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 500, unit: 'grapheme' }), (s) => void classifyLabel(s)));
  });
});

test('timeOrIpLabel answers classifyLabel when that is a time field or ip, else nothing', () => {
  const TARGETS = new Set<FieldName | undefined>(['time', 'firstSeen', 'lastActive', 'ip']);
  const expected = (t: string) => {
    const f = classifyLabel(t);
    return TARGETS.has(f) ? f : undefined;
  };
  // Every known label, alone and with words around it: a time word after an unrelated one, a label in brackets.
  const labels = Object.values(cases).flat();
  const word = fc.oneof(
    fc.constantFrom(...labels),
    fc.constantFrom('Last', 'seen', 'IP', 'ip:', 'on', '(UTC)', '[time]', 'Price', 'Date', '2FA', 'at', '14:12', 'Zip'),
    fc.string({ maxLength: 8 }),
  );
  const text = fc.array(word, { minLength: 1, maxLength: 5 }).map((w) => w.join(' '));
  for (const t of labels) expect(timeOrIpLabel(t)).toBe(expected(t));
  fc.assert(
    fc.property(text, (t) => {
      expect(timeOrIpLabel(t)).toBe(expected(t));
    }),
    { numRuns: 5000 },
  );
});

describe('classifyHeading', () => {
  test.each([
    ['Active Devices', 'sessions'],
    ['Active sessions', 'sessions'],
    ['Device Management', 'sessions'],
    ['Recently Used Devices', 'sessions'],
    ['Device activity', 'sessions'],
    ['登录设备', 'sessions'],
    ['设备管理', 'sessions'],
    ['ログイン中のデバイス', 'sessions'],
    ['Активные сеансы', 'sessions'],
    ['الجلسات النشطة', 'sessions'],
    ['Login History', 'logins'],
    ['Login activity', 'logins'],
    ['Account Activity', 'logins'],
    ['Sign-in history', 'logins'],
    ['登录历史', 'logins'],
    ['登录记录', 'logins'],
    ['登入紀錄', 'logins'],
    ['ログイン履歴', 'logins'],
    ['로그인 기록', 'logins'],
    ['История входов', 'logins'],
    ['Giriş geçmişi', 'logins'],
    ['Lịch sử đăng nhập', 'logins'],
    ['Historial de inicio de sesión', 'logins'],
    ['Histórico de acesso', 'logins'],
    ['Historique de connexion', 'logins'],
    ['Anmeldeverlauf', 'logins'],
    ['سجل تسجيل الدخول', 'logins'],
  ] as const)('%s → %s', (text, kind) => expect(classifyHeading(text)).toBe(kind));

  test.each(['Markets', 'API Management', 'Spot balances', ''])('%j is neither', (text) =>
    expect(classifyHeading(text)).toBeUndefined(),
  );
});
