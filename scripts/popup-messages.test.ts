import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../public/_locales/en/messages.json';
import { popupCatalog } from './popup-messages';

const ROOT = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the popup English catalog', () => {
  const catalog = popupCatalog(en);

  it('keeps every string but the options page own, without the translators notes', () => {
    expect(Object.keys(catalog)).toContain('logOutAll');
    expect(Object.keys(catalog).some((k) => k.startsWith('options_'))).toBe(false);
    expect(Object.keys(en).filter((k) => !k.startsWith('options_'))).toEqual(Object.keys(catalog));
    for (const value of Object.values(catalog)) expect(Object.keys(value)).toEqual(['message']);
  });

  it('holds every key the popup and the code it shares can ask for', () => {
    // The popup shows only this subset; an options_* key used outside options/ would show as its bare key there.
    const shared = ['popup', 'src/ui', 'src/shared', 'src/core'].flatMap((d) => sources(join(ROOT, d)));
    expect(shared.length).toBeGreaterThan(20);
    const offenders = shared.filter((f) => /['"`]options_\w/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
