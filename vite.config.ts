import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import baseManifest from './manifest.json' with { type: 'json' };

type Target = 'chrome' | 'firefox';
type Manifest = typeof baseManifest & Record<string, unknown>;

/** One manifest.json, two builds: Chrome gets a service worker, Firefox an event page and its gecko settings. */
export function manifestFor(target: Target): Manifest {
  const manifest = structuredClone(baseManifest) as Manifest;
  if (target === 'firefox') {
    return {
      ...manifest,
      background: { scripts: [baseManifest.background.service_worker], type: 'module' },
    } as unknown as Manifest;
  }
  const { browser_specific_settings: _gecko, ...chrome } = manifest;
  return chrome as Manifest;
}

const target = (process.env.TARGET ?? 'chrome') as Target;
if (target !== 'chrome' && target !== 'firefox') throw new Error(`TARGET must be chrome or firefox, not ${target}`);

export default defineConfig({
  plugins: [preact(), crx({ manifest: manifestFor(target) as unknown as ManifestV3Export, browser: target })],
  build: {
    outDir: `dist/${target}`,
    emptyOutDir: true,
    target: target === 'firefox' ? 'firefox128' : 'chrome120',
    modulePreload: false,
    sourcemap: false,
    minify: true,
  },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
});
