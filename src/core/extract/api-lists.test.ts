// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import type { ApiPermission, ExtractedScan } from '../types';
import { classifyApiLabel, parseIpRestriction, parseKeyStatus, parsePermissions } from './api-words';
import { extractScan } from './extract-scan';

const NOW = Date.parse('2026-04-14T15:00:00Z');

function scan(body: string, lang = 'en'): ExtractedScan {
  const doc = new DOMParser().parseFromString(
    `<!doctype html><html lang="${lang}"><body>${body}</body></html>`,
    'text/html',
  );
  return extractScan(doc, { url: 'https://exchange.example/api', now: NOW, timeZone: 'UTC' });
}

const KEY_HEAD =
  '<tr><th>Label</th><th>API Key</th><th>Permissions</th><th>IP restriction</th><th>Created</th><th>Action</th></tr>';
const keyRow = (label: string, perms = 'Read, Spot Trading', ip = '192.0.2.10') =>
  `<tr><td>${label}</td><td>k3T9…aQ2z</td><td>${perms}</td><td>${ip}</td><td>2026-01-20 10:00</td><td><button>Delete</button></td></tr>`;

describe('API-key lists', () => {
  const key = {
    label: 'Bot',
    keyText: 'k3T9…aQ2z',
    permissions: ['read', 'trade'],
    ipRestriction: ['192.0.2.10'],
    createdAt: Date.parse('2026-01-20T10:00:00Z'),
  };

  test.each([
    ['a table', `<table><thead>${KEY_HEAD}</thead><tbody>${keyRow('Bot')}</tbody></table>`],
    [
      'an ARIA grid',
      '<div role="grid"><div role="row"><span role="columnheader">Label</span><span role="columnheader">API Key</span><span role="columnheader">Permissions</span><span role="columnheader">IP restriction</span><span role="columnheader">Created</span></div><div role="row"><span role="gridcell">Bot</span><span role="gridcell">k3T9…aQ2z</span><span role="gridcell"><i>Read</i><i>Spot Trading</i></span><span role="gridcell">192.0.2.10</span><span role="gridcell">2026-01-20 10:00</span></div></div>',
    ],
    [
      'div rows under a header row',
      '<div class="keys"><div class="head"><span>Label</span><span>API Key</span><span>Permissions</span><span>IP restriction</span><span>Created</span></div><div class="r"><span>Bot</span><span>k3T9…aQ2z</span><span>Read / Spot Trading</span><span>192.0.2.10</span><span>2026-01-20 10:00</span></div></div>',
    ],
  ])('are read from %s, and are no sessions', (_name, body) => {
    const s = scan(body);
    expect(s).toMatchObject({ hasApiKeyList: true, apiKeys: [key], hasSessionList: false, sessions: [], logins: [] });
    expect(s.hasApiCallList).toBeUndefined();
    expect(s.hasWhitelist).toBeUndefined();
  });

  test('a list with only its header, or an empty-state row, is present with no keys', () => {
    expect(scan(`<table><thead>${KEY_HEAD}</thead><tbody></tbody></table>`)).toMatchObject({
      hasApiKeyList: true,
      apiKeys: [],
    });
    expect(
      scan(`<table><thead>${KEY_HEAD}</thead><tbody><tr><td colspan="6">No records</td></tr></tbody></table>`),
    ).toMatchObject({ hasApiKeyList: true, apiKeys: [] });
  });

  test('a page without such a list says nothing about API keys', () => {
    const s = scan(
      '<table><tr><th>Device</th><th>IP</th><th>Last active</th></tr><tr><td>Chrome on Windows</td><td>192.0.2.1</td><td>5 minutes ago</td></tr></table>',
    );
    expect(s.sessions).toHaveLength(1);
    for (const k of ['hasApiKeyList', 'apiKeys', 'hasApiCallList', 'apiCalls', 'hasWhitelist', 'whitelist'])
      expect(s).not.toHaveProperty(k);
  });

  test('unrestricted, disabled and a key without label', () => {
    const s = scan(
      `<table><tr><th>API Key</th><th>Permissions</th><th>IP</th><th>Status</th></tr><tr><td>Zr81…0pLm</td><td>Read</td><td>Unrestricted</td><td>Disabled</td></tr></table>`,
    );
    expect(s.apiKeys).toEqual([
      { label: '', keyText: 'Zr81…0pLm', permissions: ['read'], unrestricted: true, status: 'disabled' },
    ]);
  });

  test('zh-CN headers and words', () => {
    const s = scan(
      '<table><tr><th>备注名</th><th>API Key</th><th>权限</th><th>IP 访问限制</th><th>创建时间</th><th>状态</th></tr><tr><td>量化</td><td>vmPU…Jx9k</td><td>读取、现货及杠杆交易、允许提现</td><td>不限制</td><td>2026-01-20 10:00:00</td><td>已启用</td></tr></table>',
      'zh-CN',
    );
    expect(s.apiKeys).toEqual([
      {
        label: '量化',
        keyText: 'vmPU…Jx9k',
        permissions: ['read', 'trade', 'margin', 'withdraw'],
        unrestricted: true,
        createdAt: Date.parse('2026-01-20T10:00:00Z'),
        status: 'enabled',
      },
    ]);
  });

  test('an unticked permission box grants nothing', () => {
    const s = scan(
      `<table><thead>${KEY_HEAD}</thead><tbody><tr><td>Bot</td><td>k3T9…aQ2z</td><td><span role="checkbox" aria-checked="true">Enable Reading</span><span role="checkbox" aria-checked="false">Enable Withdrawals</span></td><td>192.0.2.10</td><td>2026-01-20 10:00</td><td></td></tr></tbody></table>`,
    );
    expect(s.apiKeys?.[0]?.permissions).toEqual(['read']);
  });
});

describe('API access logs', () => {
  test('time, key, caller and action; beside a login history that stays one', () => {
    const s = scan(
      '<h2>Login history</h2><table><tr><th>Time</th><th>Type</th><th>IP</th><th>Device</th><th>Status</th></tr><tr><td>2026-04-14 09:00</td><td>Web</td><td>192.0.2.7</td><td>Chrome on Windows</td><td>Success</td></tr></table>' +
        '<h2>API access log</h2><table><tr><th>Time</th><th>API Key</th><th>IP Address</th><th>Action Type</th></tr><tr><td>2026-04-14 10:00:05</td><td>Grid bot</td><td>203.0.113.9</td><td>Order</td></tr><tr><td>2026-04-14 10:00:09</td><td>Grid bot</td><td>203.0.113.9</td><td>Cancel</td></tr></table>',
    );
    expect(s.logins).toHaveLength(1);
    expect(s).toMatchObject({
      hasApiCallList: true,
      apiCalls: [
        { time: Date.parse('2026-04-14T10:00:05Z'), keyText: 'Grid bot', ip: '203.0.113.9', action: 'Order' },
        { time: Date.parse('2026-04-14T10:00:09Z'), keyText: 'Grid bot', ip: '203.0.113.9', action: 'Cancel' },
      ],
    });
  });
});

describe('withdrawal whitelists', () => {
  test('label, coin, network, address, added; a combined coin / network column', () => {
    const s = scan(
      '<table><tr><th>Address Label</th><th>Coin</th><th>Network</th><th>Address</th><th>Date Added</th><th></th></tr><tr><td>Ledger-1</td><td>BTC</td><td>Bitcoin</td><td>bc1qxy2k…x0wlh</td><td>2026-01-15</td><td><button>Delete</button></td></tr></table>' +
        '<table><tr><th>Label</th><th>Coin / Network</th><th>Address</th><th>Added</th></tr><tr><td>Exchange-Main</td><td>USDT / TRC20</td><td>TQn9Y2…PxVn</td><td>2026-01-20</td></tr></table>',
    );
    expect(s.whitelist).toEqual([
      {
        label: 'Ledger-1',
        coin: 'BTC',
        network: 'Bitcoin',
        addressText: 'bc1qxy2k…x0wlh',
        addedAt: Date.parse('2026-01-15T00:00:00Z'),
      },
      {
        label: 'Exchange-Main',
        coin: 'USDT',
        network: 'TRC20',
        addressText: 'TQn9Y2…PxVn',
        addedAt: Date.parse('2026-01-20T00:00:00Z'),
      },
    ]);
  });
});

describe('unrelated tables stay unread', () => {
  test.each([
    [
      'a withdrawal history (amount, TxID)',
      '<table><tr><th>Time</th><th>Coin</th><th>Amount</th><th>Address</th><th>TxID</th><th>Status</th></tr><tr><td>2026-04-10 12:00</td><td>BTC</td><td>0.05</td><td>bc1qxy2k</td><td>9f2c…e1</td><td>Completed</td></tr></table>',
    ],
    [
      'deposit addresses (no label, no date)',
      '<table><tr><th>Coin</th><th>Network</th><th>Deposit address</th></tr><tr><td>BTC</td><td>Bitcoin</td><td>bc1qxy2k</td></tr></table>',
    ],
    [
      'open orders',
      '<table><tr><th>Date</th><th>Pair</th><th>Type</th><th>Side</th><th>Price</th><th>Amount</th></tr><tr><td>2026-04-14 09:00</td><td>BTC/USDT</td><td>Limit</td><td>Buy</td><td>60,000</td><td>0.01</td></tr></table>',
    ],
    [
      'balances',
      '<table><tr><th>Coin</th><th>Balance</th><th>Available</th></tr><tr><td>USDT</td><td>100</td><td>100</td></tr></table>',
    ],
  ])('%s', (_name, body) => {
    const s = scan(body);
    for (const k of ['hasApiKeyList', 'hasApiCallList', 'hasWhitelist']) expect(s).not.toHaveProperty(k);
    expect(s).toMatchObject({ hasSessionList: false, hasLoginList: false });
  });
});

describe('words', () => {
  test.each<[string[], ApiPermission[]]>([
    [['Enable Reading'], ['read']],
    [['Enable Spot & Margin Trading'], ['trade', 'margin']],
    [['Futures Trading'], ['futures']],
    [['Margin Trading'], ['margin']],
    [['Spot Trading'], ['trade']],
    [
      ['General', 'Transfer'],
      ['read', 'transfer'],
    ],
    [
      ['Enable Withdrawals', 'Permits Universal Transfer'],
      ['withdraw', 'transfer'],
    ],
    [['Enable Symbol Whitelist'], ['other']],
    [['—'], []],
    [
      ['读取', '现货交易', '合约', '提现', '万向划转'],
      ['read', 'trade', 'futures', 'withdraw', 'transfer'],
    ],
    [
      ['查詢', '槓桿交易', '提幣'],
      ['read', 'margin', 'withdraw'],
    ],
    [
      ['読み取り', '現物取引', '出金'],
      ['read', 'trade', 'withdraw'],
    ],
    [
      ['읽기', '현물 거래', '출금'],
      ['read', 'trade', 'withdraw'],
    ],
    [
      ['Чтение', 'Спот-торговля', 'Вывод'],
      ['read', 'trade', 'withdraw'],
    ],
    [
      ['Lectura', 'Trading spot', 'Retiros'],
      ['read', 'trade', 'withdraw'],
    ],
    [
      ['Lesen', 'Spot-Handel', 'Auszahlungen'],
      ['read', 'trade', 'withdraw'],
    ],
    [
      ['قراءة', 'تداول فوري', 'سحب'],
      ['read', 'trade', 'withdraw'],
    ],
  ])('%j grants %j', (tokens, perms) => {
    expect(parsePermissions(tokens)).toEqual(perms);
  });

  test.each([
    ['Enabled', 'enabled'],
    ['Active', 'enabled'],
    ['Inactive', 'disabled'],
    ['Disabled', 'disabled'],
    ['Expired', 'disabled'],
    ['已启用', 'enabled'],
    ['已禁用', 'disabled'],
    ['正常', 'enabled'],
    ['有効', 'enabled'],
    ['無効', 'disabled'],
    ['비활성', 'disabled'],
    ['Unrestricted', undefined],
  ])('status %s is %s', (text, status) => {
    expect(parseKeyStatus(text)).toBe(status);
  });

  test('IP restrictions: addresses and ranges, or none stated', () => {
    expect(parseIpRestriction('192.0.2.10, 198.51.100.0/24 2001:db8::1')).toEqual({
      ips: ['192.0.2.10', '198.51.100.0/24', '2001:db8::1'],
    });
    expect(parseIpRestriction('Unrestricted (Less Secure)')).toEqual({ unrestricted: true });
    expect(parseIpRestriction('不限制')).toEqual({ unrestricted: true });
    expect(parseIpRestriction('—')).toEqual({});
  });

  test.each([
    ['API Key', 'key'],
    ['API key label', 'name'],
    ['IP access restrictions', 'ip'],
    ['API restrictions', 'permissions'],
    ['Address label', 'name'],
    ['Withdrawal address', 'address'],
    ['IP address', 'ip'],
    ['Allowed IPs', 'ip'],
    ['Allowed IPs', 'ip'],
    ['Date added', 'created'],
    ['创建时间', 'created'],
    ['添加时间', 'created'],
    ['币种', 'coin'],
    ['网络', 'network'],
    ['币种/网络', 'coinNetwork'],
    ['操作类型', 'action'],
    ['Amount', 'unrelated'],
  ])('%s names %s', (label, field) => {
    expect(classifyApiLabel(label)).toBe(field);
  });
});
