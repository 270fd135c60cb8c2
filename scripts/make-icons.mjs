// Renders the toolbar/store icon from one SVG with the system Chromium. Run by hand when the icon changes;
// the PNGs are committed.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128">
<path d="M64 6 L114 24 V60 C114 92 92 114 64 122 C36 114 14 92 14 60 V24 Z" fill="#1f5fbf"/>
<path d="M64 18 L102 32 V60 C102 85 86 102 64 109 C42 102 26 85 26 60 V32 Z" fill="#e8f0fe"/>
<ellipse cx="64" cy="64" rx="30" ry="19" fill="#1f5fbf"/>
<circle cx="64" cy="64" r="12" fill="#e8f0fe"/><circle cx="64" cy="64" r="6" fill="#0b2a5a"/>
</svg>`;

mkdirSync('public/icons', { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const page = await browser.newPage();
for (const size of [16, 32, 48, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  await page.screenshot({ path: `public/icons/icon-${size}.png`, omitBackground: true });
}
await browser.close();
