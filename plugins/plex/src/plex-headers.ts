// The X-Plex-* headers every request carries: what plex.tv shows under "Authorized Devices".

/** Headers naming MediaNest to Plex, for the stable client identifier `clientId`. */
export function plexHeaders(clientId: string, version: string, token?: string): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'x-plex-client-identifier': clientId,
    'x-plex-product': 'MediaNest',
    'x-plex-version': version,
    'x-plex-platform': 'MediaNest',
    'x-plex-platform-version': version,
    'x-plex-device': 'MediaNest server',
    'x-plex-device-name': 'MediaNest',
    'x-plex-model': 'server',
  };
  if (token) headers['x-plex-token'] = token;
  return headers;
}

/** The app.plex.tv address where a person approves PIN `code` for client `clientId`. */
export function authAppUrl(appBase: string, clientId: string, code: string, version: string, forwardUrl?: string): string {
  const params = new URLSearchParams({
    clientID: clientId,
    code,
    'context[device][product]': 'MediaNest',
    'context[device][version]': version,
    'context[device][platform]': 'MediaNest',
    'context[device][platformVersion]': version,
    'context[device][device]': 'MediaNest server',
    'context[device][deviceName]': 'MediaNest',
    'context[device][model]': 'server',
    'context[device][layout]': 'desktop',
  });
  if (forwardUrl) params.set('forwardUrl', forwardUrl);
  return `${appBase}/auth/#!?${params.toString()}`;
}
