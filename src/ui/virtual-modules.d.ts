/** The English strings the popup can show, built from `_locales/en/messages.json` (scripts/popup-messages.ts). */
declare module 'virtual:popup-messages' {
  const catalog: Record<string, { message: string }>;
  export default catalog;
}

/** The English strings of the popup's controls loaded after its first paint (scripts/popup-messages.ts). */
declare module 'virtual:popup-later-messages' {
  const catalog: Record<string, { message: string }>;
  export default catalog;
}
