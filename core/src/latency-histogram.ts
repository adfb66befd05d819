/**
 * A Prometheus histogram of HTTP request latency by method, route and status, registered in a
 * prom-client Registry like its own metrics (it answers `get()` in prom-client's shape).
 * prom-client's labelled `observe` validates and hashes the labels again on every call, a few
 * percent of a small request's CPU; this one finds a series by one string key and counts into an array.
 */
export class LatencyHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: number[],
  ) {}

  /** Counts one request that took `seconds`. */
  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let s = this.series.get(key);
    if (!s) {
      s = { labels: { method, route, status: String(status) }, counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    for (let i = 0; i < this.buckets.length; i++) {
      if (seconds <= this.buckets[i]!) {
        s.counts[i]!++;
        break;
      }
    }
    s.sum += seconds;
    s.count++;
  }

  /** The series in prom-client's metric shape: cumulative buckets, then +Inf, sum and count. */
  get(): { name: string; help: string; type: string; aggregator: string; values: Array<{ labels: Record<string, string | number>; value: number; metricName: string }> } {
    const values = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      for (const [i, bound] of this.buckets.entries()) {
        cumulative += s.counts[i]!;
        values.push({ labels: { ...s.labels, le: bound }, value: cumulative, metricName: `${this.name}_bucket` });
      }
      values.push({ labels: { ...s.labels, le: '+Inf' }, value: s.count, metricName: `${this.name}_bucket` });
      values.push({ labels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: s.labels, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.series.clear();
  }
}

interface Series {
  labels: Record<string, string>;
  /** Per bucket, not cumulative: requests at most that bound and above the one before. */
  counts: number[];
  sum: number;
  count: number;
}
