/** Environment variable naming a running browser's DevTools WebSocket URL (same as `--browser-ws-endpoint`). */
export const WS_ENDPOINT_ENV = 'BRIEFING_BROWSER_WS_ENDPOINT';
