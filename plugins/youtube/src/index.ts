import { definePlugin, toMs } from '@medianest/sdk';
import { configSchema, type YoutubeConfig } from './config.js';
import { Dispatcher, type DownloadJobData } from './dispatcher.js';
import { runDownload } from './download-job.js';
import { Engine } from './engine.js';
import { checkTools } from './health.js';
import { downloadRoutes } from './routes.js';
import { adminRoutes } from './admin-routes.js';
import { migrations } from './tables.js';
import { testSettings } from './settings-test.js';
import type { PlexLibrary, PluginContext } from '@medianest/sdk';

export type { YoutubeConfig, DownloadOptions } from './config.js';
export type { DownloadView } from './view.js';

/** A download handed out but not heard of for this long is handed out again (Redis lost it, or its worker died). */
const LOST_AFTER_MS = 60_000;

// The running plugin's context: the settings test asks the Plex plugin through it.
let running: PluginContext<YoutubeConfig> | undefined;

export default definePlugin<YoutubeConfig>({
  id: 'youtube',
  configSchema,
  migrations,
  testSettings: (config, { signal }) => {
    let plex: PlexLibrary | undefined;
    try {
      plex = running?.useOptional<PlexLibrary>('plex.library');
    } catch { /* Plex not declared or stopped */ }
    return testSettings(config, running?.dataDir, plex, signal);
  },
  async register(ctx) {
    const { config } = ctx;
    running = ctx;
    ctx.onStop(() => {
      if (running === ctx) running = undefined;
    });
    const engine = new Engine(ctx);

    // Each download is a bee-queue job; which download runs next is decided by the dispatcher.
    const queue = ctx.jobs.define<DownloadJobData>('download', (job) => runDownload(engine, job), {
      concurrency: config.concurrency,
      timeout: '6h',
    });
    engine.dispatcher = new Dispatcher(() => engine.sql(), queue, { concurrency: config.concurrency, pauseMs: toMs(config.pauseBetween) }, ctx.log);
    ctx.jobs.every('sweep', '15s', async () => {
      await engine.dispatcher.sweep(LOST_AFTER_MS);
      return {};
    }, { timeout: '1m' });

    downloadRoutes(ctx, engine);
    adminRoutes(ctx, engine);

    ctx.health.check('tools', (signal) => checkTools(config.ytDlpPath, config.ffmpegPath, engine.root, config.minFreeGb, signal), {
      timeout: '5s',
      reaches: 'the video downloader',
      downMessage: "Video downloads aren't working right now",
    });

    ctx.ui.widget('mn-youtube-active', { module: 'ui/active-widget.js', title: 'Downloads' });
    ctx.ui.page('mn-youtube-page', { module: 'ui/downloads-page.js', title: 'YouTube downloads' });
  },
});
