/**
 * Golden Path policy model, rule catalogue, evaluator and cost estimator. Isomorphic, no I/O.
 *
 * @packageDocumentation
 */
export * from './requests';
export * from './kinds/registry';
export type {
  KindDefinition,
  RequestOf,
  ResourceProvider,
  PolicySection,
  PolicySectionName,
  CreatingAction,
  KindChoice,
  KindPrices,
} from './kinds/types';
export type { RequestFieldType, RequestNumberType } from './kinds/fields';
export * from './policy/types';
export { resolvePolicy, PolicyConfigError } from './policy/resolve';
export type { GoldenPathPolicyConfig } from './policy/resolve';
export type {
  Severity,
  Requester,
  EvaluationContext,
  Finding,
  GuardrailRule,
  BatchRule,
  Violation,
} from './rules/types';
export { describeRules, findRule, violationOf } from './rules/catalogue';
export type { RuleDescription } from './rules/catalogue';
export { evaluate, formatViolations } from './evaluate';
export { canonicalRequest } from './exceptions/canonical';
export type {
  ApprovedException,
  ExceptionMetrics,
  ExceptionOffer,
  ExceptionRecord,
  ExceptionStatus,
} from './exceptions/types';
export {
  DEFAULT_EXCEPTION_POLICY,
  MAX_EXCEPTION_DAYS,
} from './policy/exceptions';
export { fillRequests, isComplete } from './form/requestTemplates';
export type { RequestJson } from './form/requestTemplates';
export type { EvaluationResult, EvaluatedRequest } from './evaluate';
export { normaliseRequest } from './normalise';
export {
  MAX_SECRET_BYTES,
  MAX_REQUEST_TAGS,
  AWS_MAX_TAGS,
  PROVENANCE_TAG_COUNT,
  RESERVED_TAG_PREFIX,
} from './limits';
export { estimateMonthlyCost } from './cost/estimate';
export type { CostEstimate } from './cost/estimate';
export { DEFAULT_PRICES } from './cost/prices';
export { teamBudget } from './rules/budget';
export { normaliseGroupRef } from './rules/helpers';
export {
  GuardrailViolationError,
  isGuardrailViolation,
  GUARDRAIL_ERROR_NAME,
  GUARDRAIL_REFUSAL_MARKER,
  GUARDRAIL_REFUSAL_ERROR_NAME,
} from './errors';
export {
  renderGuardrailsMarkdown,
  renderKindRulesMarkdown,
  ACTION_RULES_MARKERS,
} from './docs';
export { resourceRefFor, CATALOG_RESOURCE_TYPES } from './resources';
export { checkResourceRecord, RECORDING_ACTIONS } from './inventory/record';
export type {
  RecordBinding,
  ResourceRecord,
  ResourceRecordState,
} from './inventory/record';
export { INVENTORY_TOPIC, STATUS_OF_STATE } from './inventory/items';
export type { InventoryItem, InventoryStatus } from './inventory/items';
export { parseIsoDuration } from './metrics/duration';
export {
  ANNOTATIONS,
  classifyRun,
  fallbackBaseline,
  fallbackSeconds,
  isGoldenPathTask,
  INPUT_SCHEMA_DENIAL,
  needsEventLog,
} from './metrics/runs';
export type {
  BaselineSource,
  RunFallbackBaseline,
  LedgerStatuses,
  StepFailure,
  RunOutcome,
  RunRecord,
  MetricsDefaults,
  TaskSnapshot,
  TaskEventSnapshot,
} from './metrics/runs';
export {
  summarize,
  summaryFromTotals,
  moneyOf,
  savingsOf,
  percentile,
} from './metrics/summary';
export type {
  BaselineUse,
  MetricsSummary,
  OutcomeCounts,
  RunTotals,
} from './metrics/summary';
export {
  metricsReadPermission,
  resourcesUpdatePermission,
  exceptionApprovePermission,
  EXCEPTION_RESOURCE_TYPE,
  goldenPathPermissions,
  INVENTORY_RESOURCE_TYPE,
  inventoryResourceRef,
  parseInventoryResourceRef,
} from './permissions';
export {
  POLICY_CHOICE_KEYS,
  isPolicyChoiceKey,
  policyChoiceTarget,
  policyChoices,
} from './form/choices';
export type {
  PolicyChoiceKey,
  PolicyChoices,
  ChoiceException,
  PolicyChoiceTarget,
} from './form/choices';
export {
  DEFAULT_BUSINESS_CALENDAR,
  calendarProblems,
  instantOfWallClock,
  isoWeekday,
  wallClockOf,
  workingSecondsBetween,
  workingSecondsOfDuration,
} from './tickets/calendar';
export type { BusinessCalendar } from './tickets/calendar';
export {
  leakedTickets,
  measureBaseline,
  monthlyTicketStats,
  rankNextToRetire,
  spreadOf,
  ticketWaits,
} from './tickets/baselines';
export type {
  LeakedTicket,
  RetireCandidate,
  Spread,
  TicketBaseline,
  TicketFacts,
  TicketMonth,
  TicketSource,
  TicketTypeDefinition,
} from './tickets/types';
