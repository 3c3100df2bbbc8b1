import * as foundation from './001-foundation';
import * as orderHandling from './002-order-handling';
import * as serviceConfiguration from './003-service-configuration';
import * as resourceProvisioning from './004-resource-provisioning';
import * as spRequisition from './005-sp-requisition';
import * as assuranceShared from './006-assurance-shared';
import * as resourceTrouble from './007-resource-trouble';
import * as problemHandling from './008-problem-handling';
import * as serviceQuality from './009-service-quality';
import * as spProblem from './010-sp-problem';
import * as billing from './011-billing';
import * as customerLifecycle from './012-customer-lifecycle';
import * as readiness from './013-readiness';
import * as quotedOrders from './014-quoted-orders';
import * as eventHub from './015-event-hub';
import * as productOrderSearch from './016-product-order-search';
import * as alarmApi from './017-alarm-api';
import * as usageApi from './018-usage-api';
import * as processRuns from './019-process-runs';
import * as serviceQos from './020-service-qos';
import * as qosDegradations from './021-qos-degradations';
import * as usageAuditHold from './023-usage-audit-hold';
import * as readinessHandOffs from './024-readiness-hand-offs';
import * as discrepancySettlement from './025-discrepancy-settlement';
import * as contactCapacity from './026-contact-capacity';
import * as billingAnswers from './027-billing-answers';
import * as productChanges from './028-product-changes';
import * as billedCharges from './029-billed-charges';
import * as orderActions from './030-order-actions';
import * as staticIpRanges from './031-static-ip-ranges';
import * as recurringTiers from './032-recurring-tiers';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Rebuilds tables others reference: run with foreign keys off, all checked before commit. */
  foreignKeysOff?: boolean;
}

/**
 * Applied in order; a migration, once released, is never edited: add a new one.
 * Reserved versions: 2 order handling (CRM), 3 service configuration & activation (SM&O),
 * 4 resource provisioning (RM&O), 5 S/P requisition management (S/PRM), 6 outages and SLA credits
 * (assurance → quality, billing), 7 resource trouble & performance (RM&O), 8 problem handling, service problems and
 * workforce (CRM, SM&O), 9 service quality & customer SLA (SM&O, CRM), 10 S/P problems & performance
 * (S/PRM), 11 billing (all layers), 12 customer lifecycle (CRM, S/PRM interface),
 * 13 operations support & readiness (all layers), 14 product orders priced by their quote (CRM),
 * 15 the TMF Open API hub: event subscriptions and the outbox of events (API), 16 the indexes of
 * the product order list (API), 17 TMF642 over the alarm list: alarm numbers, ack and clear (API),
 * 18 TMF635: the usage received through the API, by its TMF id (API), 19 the dashboard's record of
 * Level-3 process runs (workers), 20 the designed QoS that service quality measures (SM&O),
 * 21 the degradations reported to Customer QoS/SLA Management as they happen (CRM),
 * 23 the usage audit's wider findings and the hold it puts on distribution until settled (RM&O),
 * 24 readiness actions addressed to the process that acts on them (all layers).
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'foundation', sql: foundation.sql },
  { version: 2, name: 'order-handling', sql: orderHandling.sql },
  { version: 3, name: 'service-configuration', sql: serviceConfiguration.sql },
  { version: 4, name: 'resource-provisioning', sql: resourceProvisioning.sql },
  { version: 5, name: 'sp-requisition', sql: spRequisition.sql },
  { version: 6, name: 'assurance-shared', sql: assuranceShared.sql },
  { version: 7, name: 'resource-trouble', sql: resourceTrouble.sql },
  { version: 8, name: 'problem-handling', sql: problemHandling.sql },
  { version: 9, name: 'service-quality', sql: serviceQuality.sql },
  { version: 10, name: 'sp-problem', sql: spProblem.sql },
  { version: 11, name: 'billing', sql: billing.sql },
  { version: 12, name: 'customer-lifecycle', sql: customerLifecycle.sql },
  { version: 13, name: 'readiness', sql: readiness.sql },
  { version: 14, name: 'quoted-orders', sql: quotedOrders.sql },
  { version: 15, name: 'event-hub', sql: eventHub.sql },
  { version: 16, name: 'product-order-search', sql: productOrderSearch.sql },
  { version: 17, name: 'alarm-api', sql: alarmApi.sql },
  { version: 18, name: 'usage-api', sql: usageApi.sql },
  { version: 19, name: 'process-runs', sql: processRuns.sql },
  { version: 20, name: 'service-qos', sql: serviceQos.sql },
  { version: 21, name: 'qos-degradations', sql: qosDegradations.sql },
  { version: 23, name: 'usage-audit-hold', sql: usageAuditHold.sql },
  { version: 24, name: 'readiness-hand-offs', sql: readinessHandOffs.sql },
  { version: 25, name: 'discrepancy-settlement', sql: discrepancySettlement.sql },
  { version: 26, name: 'contact-capacity', sql: contactCapacity.sql },
  { version: 27, name: 'billing-answers', sql: billingAnswers.sql },
  { version: 28, name: 'product-changes', sql: productChanges.sql },
  { version: 29, name: 'billed-charges', sql: billedCharges.sql },
  { version: 30, name: 'order-actions', sql: orderActions.sql, foreignKeysOff: true },
  { version: 31, name: 'static-ip-ranges', sql: staticIpRanges.sql },
  { version: 32, name: 'recurring-tiers', sql: recurringTiers.sql },
].sort((a, b) => a.version - b.version);
