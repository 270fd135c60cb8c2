import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import ar from '../public/_locales/ar/messages.json';
import en from '../public/_locales/en/messages.json';
import { reasonText, setCatalog, setEnglish } from '../src/ui/i18n';
import { NOT_IN_POPUP, popupCatalog } from './popup-messages';

const ROOT = join(import.meta.dirname, '..');

/**
 * The project's source files the popup's entry imports, directly or not (static and dynamic imports; type-only
 * imports are erased from the bundle and not followed).
 */
function importGraph(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    const code = text.replace(/^(?:import|export) type [^;]*;/gm, '');
    for (const [, spec] of code.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const base = resolve(dirname(file), spec!);
      const found = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find(
        (p) => /\.tsx?$/.test(p) && existsSync(p),
      );
      if (found) visit(found);
    }
  };
  visit(entry);
  return [...seen];
}

describe('the popup English catalog', () => {
  const catalog = popupCatalog(en);

  it('keeps every string but those of other parts, without the translators notes', () => {
    expect(Object.keys(catalog)).toContain('logOutAll');
    expect(Object.keys(catalog).some((k) => k.startsWith('evidence'))).toBe(true);
    for (const prefix of NOT_IN_POPUP) {
      expect(Object.keys(en).some((k) => k.startsWith(prefix))).toBe(true);
      expect(Object.keys(catalog).some((k) => k.startsWith(prefix))).toBe(false);
    }
    for (const value of Object.values(catalog)) expect(Object.keys(value)).toEqual(['message']);
  });

  it('holds every key the popup code can ask for', () => {
    // The popup has only this subset; a left-out key used by code it imports would show as its bare name there.
    const files = importGraph(join(ROOT, 'popup', 'main.tsx'));
    expect(files.map((f) => f.slice(ROOT.length + 1))).toEqual(
      expect.arrayContaining(['popup/popup.tsx', 'src/ui/i18n.ts', 'popup/model.ts']),
    );
    const left = new RegExp(`['"\`](?:${NOT_IN_POPUP.join('|')})\\w`);
    expect(files.filter((f) => left.test(readFileSync(f, 'utf8'))).map((f) => f.slice(ROOT.length + 1))).toEqual([]);
  });

  describe('a warning with only the popup English installed', () => {
    afterEach(() => {
      setEnglish(en);
      setCatalog('en', {});
    });
    const warning = {
      reason: 'A failed sign-in attempt came from 203.0.113.9, which is on your blocklist (203.0.113.0/24).',
      message: { key: 'reason_blocklistedFailed', args: ['203.0.113.9', '203.0.113.0/24'] },
    };

    it('reads in the UI language from its catalog', () => {
      setEnglish(catalog);
      setCatalog('ar', ar);
      const { text, isLocalised } = reasonText(warning);
      expect(isLocalised).toBe(true);
      expect(text).toContain('جاءت محاولة دخول فاشلة');
      expect(text).toContain('203.0.113.9');
    });

    it('reads in English as the warning wrote it', () => {
      setEnglish(catalog);
      setCatalog('en', {});
      expect(reasonText(warning)).toEqual({ text: warning.reason, isLocalised: false });
    });
  });
});
