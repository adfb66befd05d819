import { duration, type JSONSchema } from '@medianest/sdk';

/** Settings in plugins.json under plugins.links.config. */
export interface LinksConfig {
  /** How often every tile's address is checked (once for everybody). */
  checkInterval: string;
  /** A check slower than this shows amber. */
  slowAfter: string;
  /** A check that takes longer than this counts as down. */
  checkTimeout: string;
  /** Where Enter goes in the search box when nothing is chosen. */
  webSearch: keyof typeof WEB_SEARCH | 'custom' | 'none';
  /** The custom engine's address, with %s where the words go. */
  webSearchUrl?: string;
}

/** Web search engines the admin can pick; %s is replaced by the words. */
export const WEB_SEARCH = {
  duckduckgo: { name: 'DuckDuckGo', url: 'https://duckduckgo.com/?q=%s' },
  google: { name: 'Google', url: 'https://www.google.com/search?q=%s' },
  bing: { name: 'Bing', url: 'https://www.bing.com/search?q=%s' },
  brave: { name: 'Brave Search', url: 'https://search.brave.com/search?q=%s' },
  startpage: { name: 'Startpage', url: 'https://www.startpage.com/do/search?q=%s' },
  kagi: { name: 'Kagi', url: 'https://kagi.com/search?q=%s' },
} as const;

export const configSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    checkInterval: { ...duration({ default: '30s', minMs: 1000, maxMs: 3_600_000, description: 'How often each tile\'s address is checked for its dot (once for everybody)' }), title: 'Check every' },
    slowAfter: { ...duration({ default: '1s', minMs: 50, description: 'An answer slower than this shows an amber dot' }), title: 'Slow after' },
    checkTimeout: { ...duration({ default: '5s', minMs: 200, maxMs: 30_000, description: 'No answer within this long shows a red dot' }), title: 'Down after' },
    webSearch: {
      enum: ['none', 'duckduckgo', 'google', 'bing', 'brave', 'startpage', 'kagi', 'custom'],
      default: 'duckduckgo',
      title: 'Web search',
      description: 'Where Enter in the search box goes when nothing in the list is chosen ("none" to stay in MediaNest)',
    },
    webSearchUrl: {
      type: 'string',
      pattern: '^https?://[^\\s]*%s',
      title: 'Custom web search address',
      description: 'Used when Web search is "custom": the address with %s where the words go, e.g. https://searx.home/search?q=%s',
      errorMessage: { pattern: 'Enter an address that starts with http:// or https:// and contains %s where the words go' },
    },
  },
};
