// Every provider, loaded, for tests that parse gates without going through the registry's loading.

import type { Providers } from "../../src/gates/registry.ts";
import { cloudwatch } from "../../src/gates/providers/cloudwatch.ts";
import { datadog } from "../../src/gates/providers/datadog.ts";
import { httpJson } from "../../src/gates/providers/http.ts";
import { newrelic } from "../../src/gates/providers/newrelic.ts";
import { prometheus } from "../../src/gates/providers/prometheus.ts";
import { sentry } from "../../src/gates/providers/sentry.ts";

export const ALL_PROVIDERS: Providers = { prometheus, datadog, newrelic, cloudwatch, sentry, http: httpJson };
