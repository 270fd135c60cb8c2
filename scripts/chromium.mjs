// How every part of the project (e2e, bench, demo) starts Chromium with the built extension: one list of flags.

/** The Chromium binary: CHROMIUM_PATH, else Debian's. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags that load the unpacked extension at `dist` (and no other) into a quiet Chromium: no sandbox (containers),
 * no GPU, no background fetches, no component updates, no sync, no first-run page, no QUIC.
 */
export function extensionArgs(dist) {
  return [
    `--disable-extensions-except=${dist}`,
    `--load-extension=${dist}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ];
}
