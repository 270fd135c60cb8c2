import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  cleanText,
  currentMarkerStrength,
  currentMarkerStrengthSlow,
  isCurrentMarker,
  isEmptyState,
  isRevokeControlText,
  isRevokeText,
  looksLikeDevice,
  looksLikeLocation,
  mayBeginEmptyState,
  parseIp,
  parseIpSlow,
  parseKind,
  parseOutcome,
  parseSecondFactor,
  parseStatus,
  statusFromClass,
  stripCurrentMarker,
} from './fields';

describe('cleanText', () => {
  test.each([
    ['  Chrome \n\t on   macOS ', 'Chrome on macOS'],
    ['203.0.\u200b113.42', '203.0.113.42'],
    ['\u202bالموقع\u202c', 'الموقع'],
    ['\u2066Hong Kong\u2069\u00a0HK', 'Hong Kong HK'],
    ['a\ufeffb\u00adc', 'abc'],
  ])('%j', (raw, clean) => expect(cleanText(raw)).toBe(clean));

  test('caps at 500 characters', () => {
    expect(cleanText('x'.repeat(100_000))).toHaveLength(500);
  });
});

describe('parseIp', () => {
  test.each([
    ['203.0.113.42', '203.0.113.42'],
    ['IP: 203.0.113.42 (Hong Kong)', '203.0.113.42'],
    ['203.0.*.*', '203.0.*.*'],
    ['203.0.113.***', '203.0.113.***'],
    ['45.77.xx.xx', '45.77.xx.xx'],
    ['103.2**.**.12', '103.2**.**.12'],
    ['IP: 45.13*.7.* (NL)', '45.13*.7.*'],
    ['2001:db8::1', '2001:db8::1'],
    ['2001:db8:85a3:0:0:8a2e:370:7334', '2001:db8:85a3:0:0:8a2e:370:7334'],
    ['fe80::1ff:fe23:4567:890a', 'fe80::1ff:fe23:4567:890a'],
    ['::1', '::1'],
    ['2001:db8:*:*', '2001:db8:*:*'],
  ])('%j', (text, ip) => expect(parseIp(text)).toBe(ip));

  test.each([
    '',
    'Chrome 126.0.6478.127',
    '14:12:00',
    '2026-04-14 14:12',
    '999.1.1.1',
    '1.2.3',
    '1.2****.3.4',
    'Hong Kong',
    '10.12',
  ])('no IP in %j', (text) => expect(parseIp(text)).toBeUndefined());
});

describe('parseStatus', () => {
  test.each([
    ['Online', 'online'],
    ['Offline', 'offline'],
    ['Active now', 'online'],
    ['Inactive', 'offline'],
    ['在线', 'online'],
    ['离线', 'offline'],
    ['離線', 'offline'],
    ['オンライン', 'online'],
    ['オフライン', 'offline'],
    ['온라인', 'online'],
    ['오프라인', 'offline'],
    ['В сети', 'online'],
    ['Не в сети', 'offline'],
    ['Çevrimiçi', 'online'],
    ['Çevrimdışı', 'offline'],
    ['Trực tuyến', 'online'],
    ['Ngoại tuyến', 'offline'],
    ['En línea', 'online'],
    ['Desconectado', 'offline'],
    ['Conectado', 'online'],
    ['En ligne', 'online'],
    ['Hors ligne', 'offline'],
    ['Aktiv', 'online'],
    ['Inaktiv', 'offline'],
    ['متصل', 'online'],
    ['غير متصل', 'offline'],
  ] as const)('%s', (text, status) => expect(parseStatus(text)).toBe(status));

  test.each([
    ['dot dot-green', 'online'],
    ['status-success', 'online'],
    ['badge online', 'online'],
    ['is-active', 'online'],
    ['dot dot-gray', 'offline'],
    ['status offline', 'offline'],
    ['text-muted', 'offline'],
  ] as const)('dot class %j', (cls, status) => {
    expect(statusFromClass(cls)).toBe(status);
    expect(parseStatus('', cls)).toBe(status);
  });

  test('text wins over the class, unrelated words say nothing', () => {
    expect(parseStatus('Offline', 'dot-green')).toBe('offline');
    expect(parseStatus('Chrome on macOS')).toBeUndefined();
    expect(statusFromClass('interactive-row')).toBeUndefined();
  });
});

describe('parseOutcome', () => {
  test.each([
    ['Success', 'success'],
    ['Successful', 'success'],
    ['Failed', 'failed'],
    ['Unsuccessful', 'failed'],
    ['Blocked', 'failed'],
    ['Wrong password', 'failed'],
    ['成功', 'success'],
    ['失败', 'failed'],
    ['失敗', 'failed'],
    ['성공', 'success'],
    ['실패', 'failed'],
    ['Успешно', 'success'],
    ['Неудачно', 'failed'],
    ['Başarılı', 'success'],
    ['Başarısız', 'failed'],
    ['Thành công', 'success'],
    ['Thất bại', 'failed'],
    ['Exitoso', 'success'],
    ['Fallido', 'failed'],
    ['Sucesso', 'success'],
    ['Falhou', 'failed'],
    ['Réussi', 'success'],
    ['Échec', 'failed'],
    ['Erfolgreich', 'success'],
    ['Fehlgeschlagen', 'failed'],
    ['ناجح', 'success'],
    ['فشل', 'failed'],
  ] as const)('%s', (text, outcome) => expect(parseOutcome(text)).toBe(outcome));

  test.each(['', 'Online', 'Chrome', 'Hong Kong, HK'])('nothing in %j', (text) =>
    expect(parseOutcome(text)).toBeUndefined(),
  );
});

describe('parseSecondFactor', () => {
  test.each([
    ['Authenticator', 'authenticator'],
    ['Google Authenticator', 'authenticator'],
    ['TOTP', 'authenticator'],
    ['Authenticator app', 'authenticator'],
    ['谷歌验证', 'authenticator'],
    ['SMS', 'sms'],
    ['短信', 'sms'],
    ['Phone', 'sms'],
    ['SMS OTP', 'sms'],
    ['Email', 'email'],
    ['E-mail code', 'email'],
    ['邮箱', 'email'],
    ['メール', 'email'],
    ['Passkey', 'passkey'],
    ['通行密钥', 'passkey'],
    ['通行金鑰', 'passkey'],
    ['YubiKey', 'security-key'],
    ['Security key', 'security-key'],
    ['None', 'none'],
    ['-', 'none'],
    ['Biometrics', 'other'],
  ] as const)('%s', (text, factor) => expect(parseSecondFactor(text)).toBe(factor));

  test('empty says nothing', () => expect(parseSecondFactor('  ')).toBeUndefined());
});

describe('parseKind', () => {
  test.each([
    ['Web', 'web'],
    ['API', 'api'],
    ['App', 'app'],
    ['iOS', 'app'],
    ['Android', 'app'],
    ['网页', 'web'],
    ['客户端', 'app'],
  ] as const)('column value %s', (text, kind) => expect(parseKind(text)).toBe(kind));

  test.each([
    ['Chrome 126 on macOS 14.5', 'web'],
    ['Firefox on Android', 'web'],
    ['Binance APP 2.84.1', 'app'],
    ['iPhone 15 Pro · iOS 17.4', undefined],
    ['Trading bot (API)', 'api'],
  ] as const)('device %s', (text, kind) => expect(parseKind(text, true)).toBe(kind));
});

describe('current-session markers', () => {
  test.each([
    'This session',
    'Current session',
    'Current device',
    'This device',
    'This is your current session',
    '当前设备',
    '本机',
    '現在のセッション',
    '현재 기기',
    'Текущий сеанс',
    'Bu oturum',
    'Phiên hiện tại',
    'Sesión actual',
    'Sessão atual',
    'Session actuelle',
    'Aktuelle Sitzung',
    'الجلسة الحالية',
  ])('%s is a strong marker', (text) => {
    expect(currentMarkerStrength(text)).toBe(2);
    expect(isCurrentMarker(text)).toBe(true);
  });

  test('"active now" is a weak marker', () => {
    expect(currentMarkerStrength('Active now')).toBe(1);
    expect(isCurrentMarker('active now')).toBe(true);
  });

  test.each(['Chrome on Windows', 'Current price', 'Last active', 'Online', ''])('%j is not a marker', (text) => {
    expect(isCurrentMarker(text)).toBe(false);
  });

  test('strips a badge from a device text', () => {
    expect(stripCurrentMarker('Chrome 126 on macOS Current device')).toBe('Chrome 126 on macOS');
    expect(stripCurrentMarker('Safari 当前设备')).toBe('Safari');
    expect(stripCurrentMarker('Safari on iOS')).toBe('Safari on iOS');
  });
});

describe('other recognisers', () => {
  test.each([
    'Remove',
    'Revoke',
    'Sign out',
    'Log out',
    '删除',
    '退出登录',
    'ログアウト',
    '로그아웃',
    'Завершить',
    'Oturumu kapat',
    'Đăng xuất',
    'Cerrar sesión',
    'Encerrar',
    'Déconnecter',
    'Abmelden',
    'تسجيل الخروج',
  ])('revoke button %s', (text) => expect(isRevokeText(text)).toBe(true));
  test.each(['Details', 'Chrome', 'Trust this device'])('not a revoke button: %s', (text) =>
    expect(isRevokeText(text)).toBe(false),
  );

  test.each([
    'No records',
    'No data',
    'No sessions found',
    '暂无数据',
    '暂无记录',
    'データがありません',
    'Нет данных',
    'Kayıt yok',
    'Sin registros',
    'Aucune donnée',
    'Keine Daten',
    'لا توجد بيانات',
  ])('empty state %s', (text) => expect(isEmptyState(text)).toBe(true));
  test('a data row is not an empty state', () => expect(isEmptyState('Chrome on Windows 203.0.113.4')).toBe(false));

  test.each(['Chrome 126 on macOS 14.5', 'iPhone 15 Pro', 'Firefox / Windows', 'Samsung Galaxy S24', 'Binance App'])(
    'device %s',
    (t) => expect(looksLikeDevice(t)).toBe(true),
  );
  test.each(['Hong Kong, HK', '203.0.113.4', 'Remove', ''])('not a device: %j', (t) =>
    expect(looksLikeDevice(t)).toBe(false),
  );

  test.each(['Hong Kong, HK', 'Frankfurt, Germany', 'São Paulo, Brazil', 'القاهرة، مصر', 'Paris, Île-de-France, FR'])(
    'location %s',
    (t) => expect(looksLikeLocation(t)).toBe(true),
  );
  test.each(['Chrome, Windows', '203.0.113.4', 'Hong Kong', 'Apr 14, 2026'])('not a location: %s', (t) =>
    expect(looksLikeLocation(t)).toBe(false),
  );
});

describe('properties', () => {
  const parsers = [
    (s: string) => cleanText(s),
    (s: string) => parseIp(s),
    (s: string) => parseStatus(s, s),
    (s: string) => parseOutcome(s),
    (s: string) => parseSecondFactor(s),
    (s: string) => parseKind(s),
    (s: string) => parseKind(s, true),
    (s: string) => currentMarkerStrength(s),
    (s: string) => stripCurrentMarker(s),
    (s: string) => isRevokeText(s),
    (s: string) => isEmptyState(s),
    (s: string) => looksLikeDevice(s),
    (s: string) => looksLikeLocation(s),
  ];

  test('no parser throws, and text results stay within 500 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000, unit: 'grapheme' }), (s) => {
        for (const p of parsers) {
          const r = p(s);
          if (typeof r === 'string') expect(r.length).toBeLessThanOrEqual(500);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('parseIp finds every dotted quad it is given, wherever it sits', () => {
    fc.assert(
      fc.property(
        fc.ipV4(),
        fc.stringMatching(/^[a-z ]{0,10}$/),
        fc.stringMatching(/^[a-z ]{0,10}$/),
        (ip, pre, post) => {
          expect(parseIp(`${pre} ${ip} ${post}`)).toBe(ip);
        },
      ),
    );
  });

  test('parseIp returns only text that was in the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (s) => {
        const ip = parseIp(s);
        return ip === undefined || s.includes(ip);
      }),
    );
  });

  test('every parser is fast on hostile input', () => {
    const hostile = ['1.'.repeat(3000), ':a'.repeat(3000), `${'x'.repeat(3999)}*`, '*'.repeat(4000), 'a:'.repeat(2000)];
    const start = performance.now();
    for (const h of hostile) for (const p of parsers) p(h);
    expect(performance.now() - start).toBeLessThan(100);
  });
});

test('parseIp reads a bare dotted quad by hand exactly as its regular expressions do', () => {
  const octet = fc.oneof(
    fc.integer({ min: 0, max: 300 }).map(String),
    fc.constantFrom('', '0', '00', '000', '0000', '255', '256', '999', '1*', 'x'),
  );
  const quad = fc
    .array(octet, { minLength: 2, maxLength: 6 })
    .chain((parts) =>
      fc
        .array(fc.constantFrom('.', '.', '.', '..', ':', ' ', ''), { minLength: parts.length, maxLength: parts.length })
        .map((seps) => parts.map((p, i) => (i ? seps[i] : '') + p).join('')),
    );
  fc.assert(
    fc.property(fc.oneof(quad, fc.stringMatching(/^[\d.]{0,16}$/), fc.string({ maxLength: 20 })), (text) => {
      expect(parseIp(text)).toBe(parseIpSlow(text));
    }),
    { numRuns: 20_000 },
  );
  expect(parseIp('198.51.100.7')).toBe('198.51.100.7');
});

test('currentMarkerStrength passes over texts without a marker unit exactly as its regular expressions do', () => {
  const words = ['this device', 'Current session', 'current', 'active now', 'now', 'actual', 'bu cihaz', '当前设备'];
  const text = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.stringMatching(/^[\d :\-tuczgmTUCZGM.]{0,24}$/),
    fc.tuple(fc.constantFrom(...words), fc.string({ maxLength: 6 })).map(([w, x]) => `${w}${x}`),
  );
  fc.assert(
    fc.property(text, (t) => {
      expect(currentMarkerStrength(t)).toBe(currentMarkerStrengthSlow(t));
    }),
    { numRuns: 10_000 },
  );
  for (const t of words) expect(currentMarkerStrength(t)).toBe(currentMarkerStrengthSlow(t));
  expect(currentMarkerStrength('2026-04-14 14:12 UTC')).toBe(0);
});

test('a text whose beginning mayBeginEmptyState turns away is never an empty state', () => {
  const phrases = ['No records', 'no data yet', 'Nothing to show', 'EMPTY.', 'Kayıt yok', 'Keine Daten', 'veri yok'];
  const more = ['Sin datos', 'sem dados', 'Aucune session', 'không có dữ liệu', 'Nenhum registro', 'Нет данных'];
  const all = [...phrases, ...more, '暂无数据', 'لا يوجد'];
  const unit = fc.oneof(
    fc.integer({ min: 0x20, max: 0x7f }),
    fc.integer({ min: 0, max: 0xffff }),
    fc.constantFrom(0x130, 0x212a, 0xff4e, 0x301, 0x303, 0x307, 0x200b),
  );
  const text = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(...all),
    // Any first unit, or first two, before the rest of a phrase, in any case, full width or with marks after them.
    fc
      .tuple(
        unit,
        fc.option(unit, { nil: undefined }),
        fc.constantFrom('', '\u0303', '\u0307'),
        fc.constantFrom(...all),
      )
      .map(([a, b, mark, p]) =>
        b === undefined
          ? `${String.fromCharCode(a)}${mark}${p.slice(1)}`
          : `${String.fromCharCode(a, b)}${mark}${p.slice(2)}`,
      ),
  );
  fc.assert(
    fc.property(text, (raw) => {
      const t = cleanText(raw);
      if (isEmptyState(t)) expect(mayBeginEmptyState(t)).toBe(true);
      // A row's first text begins its text: what follows it does not change the answer.
      if (isEmptyState(`${t} data`)) expect(mayBeginEmptyState(t)).toBe(true);
    }),
    { numRuns: 20_000 },
  );
  for (let a = 0x21; a < 0x7f; a++) {
    for (let b = 0x20; b < 0x7f; b++) {
      for (const p of all) {
        const t = `${String.fromCharCode(a, b)}${p.slice(2)}`;
        if (isEmptyState(t)) expect(mayBeginEmptyState(t)).toBe(true);
      }
    }
  }
  for (const p of all) expect(isEmptyState(p) && mayBeginEmptyState(p)).toBe(true);
  expect(mayBeginEmptyState('Chrome 126 on macOS')).toBe(false);
  expect(mayBeginEmptyState('Safari 17')).toBe(false);
});

test('isRevokeControlText answers, asked once or again, what isRevokeText answers of the bare control label', () => {
  const words = ['Remove', 'Log out', 'Sign out', '退出', 'Details', 'Chrome', 'Beenden', ' remove '];
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(...words),
    fc.tuple(fc.constantFrom(...words), fc.string({ maxLength: 300 })).map(([w, x]) => `${x}${w}`),
  );
  fc.assert(
    fc.property(text, (t) => {
      const label = `${t}   `.slice(0, 300);
      expect(isRevokeControlText(t)).toBe(isRevokeText(label));
      expect(isRevokeControlText(t)).toBe(isRevokeText(label));
    }),
    { numRuns: 5_000 },
  );
});
