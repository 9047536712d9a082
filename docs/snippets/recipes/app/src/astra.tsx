// src/astra.tsx: the app's Astra client, given to components through a context so that a
// test or a story can give them another one (its own simulator, its own base URL).
import { createAstraQueries } from 'astra-app-backups/query';
import { createContext, useContext } from 'react';

export const ACCOUNT_ID = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';

/** '/astra' on the page's own origin: a dev-server proxy to your Astra, or to `astra-backups mock`. */
export function createAstra(baseUrl = '/astra') {
  return createAstraQueries({ accountId: ACCOUNT_ID, token: 'any-token', baseUrl });
}

const AstraContext = createContext(createAstra());
export const AstraProvider = AstraContext.Provider;
export const useAstra = () => useContext(AstraContext);
