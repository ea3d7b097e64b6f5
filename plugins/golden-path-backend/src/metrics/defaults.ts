import { Config } from '@backstage/config';
import {
  MetricsDefaults,
  parseIsoDuration,
} from '@golden-path/plugin-golden-path-common';

/** `goldenPath.metrics` with defaults; invalid values stop start-up with a clear message. */
export function readMetricsDefaults(config: Config): MetricsDefaults {
  const m = config.getOptionalConfig('goldenPath.metrics');
  const defaults: MetricsDefaults = {
    hourlyRate: m?.getOptionalNumber('hourlyRate') ?? 95,
    defaultTicketQueue: m?.getOptionalString('defaultTicketQueue') ?? 'P3D',
    defaultOpsEffort: m?.getOptionalString('defaultOpsEffort') ?? 'PT45M',
    opsTeamSize: m?.getOptionalNumber('opsTeamSize') ?? 5,
    opsHoursPerWeek: m?.getOptionalNumber('opsHoursPerWeek') ?? 40,
    currency: config.getOptionalString('goldenPath.budget.currency') ?? 'USD',
  };
  const problems = [
    ...(['defaultTicketQueue', 'defaultOpsEffort'] as const)
      .filter(k => parseIsoDuration(defaults[k]) === undefined)
      .map(
        k =>
          `goldenPath.metrics.${k} must be an ISO-8601 duration such as P3D or PT45M`,
      ),
    ...(['hourlyRate', 'opsTeamSize', 'opsHoursPerWeek'] as const)
      .filter(k => !((defaults[k] ?? 0) >= 0))
      .map(k => `goldenPath.metrics.${k} must be 0 or more`),
  ];
  if (problems.length)
    throw new Error(
      `Invalid goldenPath.metrics configuration: ${problems.join('; ')}`,
    );
  return defaults;
}
