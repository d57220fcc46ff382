/** Metric contracts shared by every collector and sink. No I/O here. */

export type Labels = Readonly<Record<string, string>>;

export type MetricType = 'counter' | 'gauge' | 'info';

export interface MetricDesc {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly labelNames: readonly string[];
}

export interface Sample {
  readonly labels: Labels;
  readonly value: number;
  readonly timestampMs?: number;
}

export interface MetricFamily {
  readonly desc: MetricDesc;
  readonly samples: readonly Sample[];
}
