/** Upper bounds (seconds) of the request-duration histogram buckets. */
const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  labels: string;
  count: number;
  sum: number;
  buckets: number[];
}

/**
 * Request counts and latency by route, method and status, in the Prometheus
 * text exposition format (version 0.0.4): `kinora_http_requests_total`
 * (counter) and `kinora_http_request_duration_seconds` (histogram). Routes
 * are fastify's route patterns (`/assets/:id`, `/out/*`), so the number of
 * series stays bounded whatever the URLs.
 */
export class HttpMetrics {
  private readonly series = new Map<string, Series>();

  observe(route: string, method: string, status: number, seconds: number): void {
    const labels = `route="${escape(route)}",method="${escape(method)}",status="${status}"`;
    let s = this.series.get(labels);
    if (!s) {
      s = { labels, count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
      this.series.set(labels, s);
    }
    s.count++;
    s.sum += seconds;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) s.buckets[i]++;
  }

  render(): string {
    const lines = ['# HELP kinora_http_requests_total HTTP requests answered, by route pattern, method and status.', '# TYPE kinora_http_requests_total counter'];
    const all = [...this.series.values()].sort((a, b) => (a.labels < b.labels ? -1 : 1));
    for (const s of all) lines.push(`kinora_http_requests_total{${s.labels}} ${s.count}`);
    lines.push('# HELP kinora_http_request_duration_seconds Time to answer HTTP requests, by route pattern, method and status.', '# TYPE kinora_http_request_duration_seconds histogram');
    for (const s of all) {
      BUCKETS.forEach((le, i) => lines.push(`kinora_http_request_duration_seconds_bucket{${s.labels},le="${le}"} ${s.buckets[i]}`));
      lines.push(`kinora_http_request_duration_seconds_bucket{${s.labels},le="+Inf"} ${s.count}`);
      lines.push(`kinora_http_request_duration_seconds_sum{${s.labels}} ${s.sum}`);
      lines.push(`kinora_http_request_duration_seconds_count{${s.labels}} ${s.count}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

/** Label values escape `\`, `"` and newlines (Prometheus text format). */
function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
