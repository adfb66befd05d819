import type { SettingsTestResult, SettingsTestTools } from '@medianest/sdk';
import type { KumaConfig } from './config.js';
import { KumaClient } from './kuma-client.js';

/** The "Test connection" button: Uptime Kuma answers, every status page exists, and the API key (if any) is accepted. */
export async function testSettings(config: KumaConfig, tools: SettingsTestTools): Promise<SettingsTestResult> {
  const client = new KumaClient(tools.http, config);
  let ms: number;
  try {
    ms = await client.ping(tools.signal);
  } catch (err) {
    return { ok: false, message: `Cannot reach Uptime Kuma at ${config.baseUrl}: check the address and that Uptime Kuma is running`, detail: (err as Error).message };
  }
  const pages = await Promise.all(
    config.statusPages.map(async (slug) => {
      try {
        const page = await client.statusPage(slug, tools.signal);
        return { slug, title: page.config.title, error: null };
      } catch (err) {
        return { slug, title: slug, error: (err as Error).message };
      }
    }),
  );
  const missing = pages.filter((p) => p.error);
  if (missing.length) {
    return {
      ok: false,
      message: `Uptime Kuma answers, but ${missing.map((p) => `"${p.slug}"`).join(', ')} ${missing.length === 1 ? 'is not a status page' : 'are not status pages'} there: check the part of the address after /status/`,
      detail: missing.map((p) => `${p.slug}: ${p.error}`).join('; '),
    };
  }
  if (config.apiKey) {
    try {
      await client.responseTimes(tools.signal);
    } catch (err) {
      return { ok: false, message: 'Uptime Kuma answers, but the API key does not work: create a new one under Settings → API Keys', detail: (err as Error).message };
    }
  }
  const names = pages.map((p) => `"${p.title}"`).join(', ');
  return { ok: true, message: `Reached Uptime Kuma in ${ms} ms: ${names}${config.apiKey ? ', response times readable with the API key' : ''}` };
}
