import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Metric families for the data plane's hot path. prom-client's label children hash and validate
 * their labels on every `inc`/`observe` (about 3 µs for a request's three updates, a tenth of a
 * proxied request's budget); here a series is a plain object the data plane holds on to per
 * route and bumps with a field increment, and prom-client reads the numbers only when scraped.
 */

type Labels = Record<string, string>;

/** One counter or gauge series: `value` is what the exposition shows. */
export interface PlainCell {
  readonly labels: Labels;
  value: number;
}

/** One histogram series. */
export class PlainBuckets {
  /** counts[i]: observations ≤ bounds[i] and above the bound before; the last slot is above every bound. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly labels: Labels, private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const { bounds } = this;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.count++;
  }
}

/** Series by their label values, created once and kept until `retain` drops them. */
class Series<S extends { labels: Labels }> {
  private readonly byKey = new Map<string, S>();

  constructor(private readonly labelNames: readonly string[], private readonly make: (labels: Labels) => S) {}

  get(...values: string[]): S {
    const key = values.join('\u0000');
    let series = this.byKey.get(key);
    if (!series) {
      const labels: Labels = {};
      this.labelNames.forEach((name, i) => { labels[name] = values[i]; });
      this.byKey.set(key, (series = this.make(labels)));
    }
    return series;
  }

  /** Keeps the series `keep` accepts (those of load balancers that still exist). */
  retain(keep: (labels: Labels) => boolean): void {
    for (const [key, series] of this.byKey) if (!keep(series.labels)) this.byKey.delete(key);
  }

  all(): IterableIterator<S> {
    return this.byKey.values();
  }
}

interface Family {
  name: string;
  help: string;
  labelNames: readonly string[];
}

/** A counter whose series are {@link PlainCell}s. */
export function plainCounter(registry: Registry, family: Family): Series<PlainCell> {
  const series = new Series<PlainCell>(family.labelNames, (labels) => ({ labels, value: 0 }));
  new Counter({
    ...family,
    labelNames: [...family.labelNames],
    registers: [registry],
    collect() {
      this.reset();
      for (const cell of series.all()) this.inc(cell.labels, cell.value);
    },
  });
  return series;
}

/** A gauge whose series are {@link PlainCell}s. */
export function plainGauge(registry: Registry, family: Family): Series<PlainCell> {
  const series = new Series<PlainCell>(family.labelNames, (labels) => ({ labels, value: 0 }));
  new Gauge({
    ...family,
    labelNames: [...family.labelNames],
    registers: [registry],
    collect() {
      this.reset();
      for (const cell of series.all()) this.set(cell.labels, cell.value);
    },
  });
  return series;
}

/** What prom-client's Histogram answers when read, as its typings declare it. */
type HistogramReading = Awaited<ReturnType<Histogram['get']>>;

/**
 * A prom-client Histogram that reports {@link PlainBuckets} instead of series of its own. Both of
 * prom-client's read paths are answered (`get` for JSON, `getForPromString` for the exposition
 * text, which the registry prefers), in the shape its own Histogram produces.
 */
class PlainHistogram extends Histogram {
  constructor(private readonly family: Family, registry: Registry, private readonly bounds: readonly number[], private readonly series: Series<PlainBuckets>) {
    super({ ...family, labelNames: [...family.labelNames], buckets: [...bounds], registers: [registry] });
  }

  override async get(): Promise<HistogramReading> {
    return this.getForPromString();
  }

  async getForPromString(): Promise<HistogramReading> {
    const { name, help } = this.family;
    const values: Array<{ labels: Record<string, string | number>; value: number; metricName: string }> = [];
    for (const series of this.series.all()) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += series.counts[i];
        values.push({ labels: { ...series.labels, le }, value: cumulative, metricName: `${name}_bucket` });
      });
      values.push({ labels: { ...series.labels, le: '+Inf' }, value: series.count, metricName: `${name}_bucket` });
      values.push({ labels: series.labels, value: series.sum, metricName: `${name}_sum` });
      values.push({ labels: series.labels, value: series.count, metricName: `${name}_count` });
    }
    // prom-client's typings declare `type` an enum and require `collect`; at run time `type` is
    // the string its own histograms report and the registry reads neither field's type.
    return { name, help, type: 'histogram', aggregator: 'sum', values } as unknown as HistogramReading;
  }
}

/** A histogram whose series are {@link PlainBuckets}. */
export function plainHistogram(registry: Registry, family: Family, bounds: readonly number[]): Series<PlainBuckets> {
  const series = new Series<PlainBuckets>(family.labelNames, (labels) => new PlainBuckets(labels, bounds));
  new PlainHistogram(family, registry, bounds, series);
  return series;
}

export type { Series };
