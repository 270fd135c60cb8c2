import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { hostOf, SECURITY_PAGES } from '../src/core/security-pages';
import { builtInSites } from '../src/core/sites';

/**
 * README's "To change… a site" row, followed for every built-in site beyond what src/core/sites.test.ts holds (its
 * security-page entry, its registry entry, the manifest's content scripts and host permissions): the places a
 * person reads which sites are watched name it, and a saved page of it is read in the fixtures.
 */
const ROOT = join(import.meta.dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const readme = read('README.md');
const supported = readme.slice(
  readme.indexOf('## Supported sites'),
  readme.indexOf('\n## ', readme.indexOf('## Supported sites') + 3),
);
const permissions = readme.slice(readme.indexOf('## Permissions'));
const security = read('SECURITY.md');
const fixtures = readdirSync(join(ROOT, 'e2e', 'fixtures'));
/** Sites with no saved page in e2e/fixtures yet (their extraction is covered by the generic fixtures only). */
const NO_FIXTURE_YET = ['kraken'];

test.each(builtInSites.map((s) => [s.id, s] as const))('%s is named wherever the row says', (id, site) => {
  expect(supported, 'README, Supported sites').toContain(`| ${site.name} (`);
  for (const pattern of SECURITY_PAGES[id as keyof typeof SECURITY_PAGES].matches) {
    expect(supported, 'README, Supported sites').toContain(`\`${hostOf(pattern)}\``);
    expect(permissions, 'README, Permissions').toContain(`\`${hostOf(pattern)}`);
  }
  expect(security, 'SECURITY.md').toContain(site.name);
  const hasFixture = fixtures.some((f) => f.startsWith(`${id}-`) && f.endsWith('.expected.json'));
  expect(hasFixture, `e2e/fixtures/${id}-*.expected.json`).toBe(!NO_FIXTURE_YET.includes(id));
});
