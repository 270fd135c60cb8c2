/** The English strings the popup can show, built from `_locales/en/messages.json` (scripts/popup-messages.ts). */
declare module 'virtual:popup-messages' {
  const catalog: Record<string, { message: string }>;
  export default catalog;
}
