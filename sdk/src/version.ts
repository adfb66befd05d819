import { createRequire } from 'node:module';

/** The SDK version a plugin's `engines.medianest` range is checked against. */
export const SDK_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
