// The person's downloads, kept current from the API and live events; shared by the page and the widget.
import { api, live, onConnectionChange } from '@medianest/sdk/browser';

const FINISHED = ['done', 'failed', 'canceled', 'skipped'];

/** Loads /downloads, applies `youtube.download` events, reloads on `youtube.list` and after a reconnect. */
export class DownloadsModel {
  constructor(onChange) {
    this.onChange = onChange;
    this.data = null;
    this.error = null;
  }

  start() {
    this.load();
    this.offDownload = live('youtube.download', (d) => this.apply(d));
    this.offList = live('youtube.list', () => this.load());
    let wasDown = false;
    this.offConnection = onConnectionChange((up) => {
      if (up && wasDown) this.load();
      wasDown = !up;
    });
  }

  stop() {
    this.offDownload?.();
    this.offList?.();
    this.offConnection?.();
  }

  async load() {
    try {
      this.data = await api('/api/plugins/youtube/downloads');
      this.error = null;
    } catch (err) {
      this.error = err.status === 0 ? "Downloads aren't available right now. Check your connection" : err.message;
    }
    this.onChange();
  }

  /** One download changed (live event or an answer to an action). */
  apply(d) {
    if (!this.data) return;
    const queue = this.data.queue.filter((x) => x.id !== d.id);
    const history = this.data.history.filter((x) => x.id !== d.id);
    if (d.removed) {
      // gone from the history
    } else if (FINISHED.includes(d.status)) {
      const old = [...this.data.queue, ...this.data.history].find((x) => x.id === d.id);
      history.unshift({ ...old, ...d });
    } else if (d.status !== 'expanded') {
      const old = this.data.queue.find((x) => x.id === d.id);
      queue.push({ ...old, ...d });
      queue.sort((a, b) => a.id - b.id);
    }
    this.data = { ...this.data, queue, history };
    this.onChange();
  }
}
