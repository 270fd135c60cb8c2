// HTML of the synthetic pages: a Binance-like device-management page with N session rows.
import { DEVICES, PLACES } from './stats.mjs';

export function sessionRowsHtml(rows) {
  const out = [];
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const hh = String(i % 24).padStart(2, '0');
    const mm = String(i % 60).padStart(2, '0');
    out.push(
      `<tr><td>${DEVICES[i % DEVICES.length]}${i === 0 ? ' <span class="tag">Current device</span>' : ''}</td>` +
        `<td>198.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}</td><td>${PLACES[i % PLACES.length]}</td>` +
        `<td>2026-03-${day} ${hh}:${mm} UTC</td><td>${i % 3 ? 'Offline' : 'Online'}</td>` +
        `<td>${i === 0 ? '' : '<button type="button">Remove</button>'}</td></tr>`,
    );
  }
  return out.join('\n');
}

export function tableHtml(rows) {
  return (
    '<h2>Active Devices</h2><table class="device-table"><thead><tr><th>Device</th><th>IP Address</th>' +
    '<th>Location</th><th>Last Active</th><th>Status</th><th>Action</th></tr></thead><tbody>' +
    sessionRowsHtml(rows) +
    '</tbody></table>'
  );
}

/** The page around the list, as the site would serve it. `body` goes inside <main>. */
export function pageHtml(body = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Device Management | Binance</title>
<style>body{font-family:sans-serif;margin:0}main{padding:16px 32px}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:8px;border-bottom:1px solid #eaecef;font-size:14px}</style></head>
<body><header><nav><a href="/en">Binance</a> · <a href="/en/markets">Markets</a></nav></header>
<main><div class="account-info">User ID: <span class="uid">38451092</span></div>
<h1>Device Management</h1><p>These devices are currently logged in to your account.</p>
<div id="list">${body}</div></main></body></html>`;
}
