// The monitoring providers by name, one line each. A provider is loaded only when a gate names it, so a run
// without gates, or with Prometheus gates only, never loads the others' code.

import type { Provider } from "./provider.ts";

const LOADERS = {
  prometheus: async () => (await import("./providers/prometheus.ts")).prometheus,
  datadog: async () => (await import("./providers/datadog.ts")).datadog,
  newrelic: async () => (await import("./providers/newrelic.ts")).newrelic,
  cloudwatch: async () => (await import("./providers/cloudwatch.ts")).cloudwatch,
  sentry: async () => (await import("./providers/sentry.ts")).sentry,
  http: async () => (await import("./providers/http.ts")).httpJson,
} satisfies Record<string, () => Promise<Provider>>;

export type ProviderName = keyof typeof LOADERS;
export const PROVIDER_NAMES = Object.keys(LOADERS) as ProviderName[];

/** Providers at hand, by name: those a run's gates name. */
export type Providers = Partial<Record<ProviderName, Provider>>;

/** What evaluating a gate needs of its provider: the query (tests give stand-ins for it). */
export type Queries = Partial<Record<ProviderName, Pick<Provider, "query">>>;

export function isProviderName(name: string): name is ProviderName {
  return Object.hasOwn(LOADERS, name);
}

export function loadProvider(name: ProviderName): Promise<Provider> {
  return LOADERS[name]();
}

/** The named providers, each loaded once. */
export async function loadProviders(names: Iterable<ProviderName>): Promise<Providers> {
  const unique = [...new Set(names)];
  const loaded = await Promise.all(unique.map(loadProvider));
  return Object.fromEntries(unique.map((name, i) => [name, loaded[i]]));
}
