/**
 * Browser endpoints: the DevTools WebSocket URLs a build prints on instead of a browser of its own, as the
 * command line, the environment and the API give them, and how they are named in messages.
 */

/** Environment variable naming running browsers' DevTools WebSocket URLs (same as `--browser-ws-endpoint`), separated by commas or whitespace. */
export const WS_ENDPOINT_ENV = 'BRIEFING_BROWSER_WS_ENDPOINT';

/**
 * The endpoints of {@link WS_ENDPOINT_ENV}'s value: split at whitespace and at a comma that ends the value or
 * starts the next `ws://` or `wss://` URL, so that a comma inside one URL (browserless's `launch={…}` JSON)
 * stays in it. `''` and `undefined` give none.
 */
export function splitEndpoints(value: string | undefined): string[] {
  return (value ?? '').split(/\s+|,(?=\s*(?:wss?:\/\/|$))/i).filter((s) => s !== '');
}

/**
 * The endpoints a build prints on, from the API's `browserWSEndpoint`: one URL, or several in order, the
 * empty ones dropped and each kept once (the first time it is named). None (`[]`) means a browser of its own.
 */
export function endpointList(value: string | readonly string[] | undefined): string[] {
  const all = typeof value === 'string' ? [value] : (value ?? []);
  return [...new Set(all.filter((s) => s !== ''))];
}

/**
 * An endpoint as messages and the manifest show it: the URL without a user name, password or query, which
 * may hold a token (browserless's `?token=…`): `wss://pool.example:3000/?…`. A value that is no URL is shown
 * as it is.
 */
export function endpointLabel(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname}${url.search === '' ? '' : '?…'}`;
  } catch {
    return endpoint;
  }
}
