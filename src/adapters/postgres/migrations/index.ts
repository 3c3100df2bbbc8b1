import { RESOURCE_INVENTORY } from './001-resource-inventory';
import { PRODUCT_ORDERS } from './002-product-orders';
import { NOTIFICATIONS } from './003-notifications';
import { EVENT_SUBSCRIPTIONS } from './004-event-subscriptions';
import { PROCESS_RUNS } from './005-process-runs';
import { CATALOG } from './006-catalog';
import { ALARMS } from './007-alarms';
import { SALES } from './008-sales';
import { LOGISTICS } from './009-logistics';
import { RESOURCE_CLASSES } from './010-resource-classes';
import { RESOURCE_ACCEPTANCE } from './011-resource-acceptance';
import { PRODUCT_CHANGES } from './012-product-changes';
import { TROUBLE_TICKETS } from './013-trouble-tickets';
import { SERVICE_PROBLEMS } from './014-service-problems';
import { RESOURCE_TROUBLES } from './015-resource-troubles';
import { WORKFORCE } from './016-workforce';
import { CUSTOMER_MANAGEMENT } from './017-customer-management';
import { NUMBER_BLOCKS } from './018-number-blocks';
import { MAINTENANCE_JOBS } from './019-maintenance-jobs';
import { SLA_CREDITS } from './020-sla-credits';
import { SERVICE_INVENTORY } from './021-service-inventory';
import { SERVICE_OUTAGES } from './022-service-outages';
import { SERVICE_QUALITY } from './023-service-quality';
import { RESOURCE_ORDERS } from './024-resource-orders';
import { BILLS } from './025-bills';
import { BILLING_COLLECTION } from './026-billing-collection';
import { BILLING_INQUIRIES } from './027-billing-inquiries';
import { USAGE } from './028-usage';
import { RATING_REFERENCES } from './029-rating-references';
import { PARTNER_ORDERS } from './030-partner-orders';
import { PARTNER_PROBLEMS } from './031-partner-problems';
import { CUSTOMER_RELATIONSHIPS } from './033-customer-relationships';
import { CUSTOMER_SLA } from './034-customer-sla';
import { READINESS_REPORTS } from './035-readiness-reports';
import { CAMPAIGN_PLANS } from './036-campaign-plans';
import { RECURRING_TIERS } from './037-recurring-tiers';
import { RESOURCE_PERFORMANCE } from './038-resource-performance';
import { SETTLEMENTS } from './039-settlements';
import { PARTNER_INTERACTIONS } from './040-partner-interactions';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Versioned and append-only, as the SQLite store's: a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'resource inventory', sql: RESOURCE_INVENTORY },
  { version: 2, name: 'product orders', sql: PRODUCT_ORDERS },
  { version: 3, name: 'notifications', sql: NOTIFICATIONS },
  { version: 4, name: 'event subscriptions', sql: EVENT_SUBSCRIPTIONS },
  { version: 5, name: 'process runs', sql: PROCESS_RUNS },
  { version: 6, name: 'catalog', sql: CATALOG },
  { version: 7, name: 'alarms', sql: ALARMS },
  { version: 8, name: 'sales', sql: SALES },
  { version: 9, name: 'logistics', sql: LOGISTICS },
  { version: 10, name: 'resource classes', sql: RESOURCE_CLASSES },
  { version: 11, name: 'resource acceptance', sql: RESOURCE_ACCEPTANCE },
  { version: 12, name: 'product changes', sql: PRODUCT_CHANGES },
  { version: 13, name: 'trouble tickets', sql: TROUBLE_TICKETS },
  { version: 14, name: 'service problems', sql: SERVICE_PROBLEMS },
  { version: 15, name: 'resource troubles', sql: RESOURCE_TROUBLES },
  { version: 16, name: 'workforce', sql: WORKFORCE },
  { version: 17, name: 'customer management', sql: CUSTOMER_MANAGEMENT },
  { version: 18, name: 'number blocks', sql: NUMBER_BLOCKS },
  { version: 19, name: 'maintenance jobs', sql: MAINTENANCE_JOBS },
  { version: 20, name: 'sla credits', sql: SLA_CREDITS },
  { version: 21, name: 'service inventory', sql: SERVICE_INVENTORY },
  { version: 22, name: 'service outages', sql: SERVICE_OUTAGES },
  { version: 23, name: 'service quality', sql: SERVICE_QUALITY },
  { version: 24, name: 'resource orders', sql: RESOURCE_ORDERS },
  { version: 25, name: 'bills', sql: BILLS },
  { version: 26, name: 'billing collection', sql: BILLING_COLLECTION },
  { version: 27, name: 'billing inquiries', sql: BILLING_INQUIRIES },
  { version: 28, name: 'usage', sql: USAGE },
  { version: 29, name: 'rating references', sql: RATING_REFERENCES },
  { version: 30, name: 'partner orders', sql: PARTNER_ORDERS },
  { version: 31, name: 'partner problems', sql: PARTNER_PROBLEMS },
  { version: 33, name: 'customer relationships', sql: CUSTOMER_RELATIONSHIPS },
  { version: 34, name: 'customer sla', sql: CUSTOMER_SLA },
  { version: 35, name: 'readiness reports', sql: READINESS_REPORTS },
  { version: 36, name: 'campaign plans', sql: CAMPAIGN_PLANS },
  { version: 37, name: 'recurring tiers', sql: RECURRING_TIERS },
  { version: 38, name: 'resource performance', sql: RESOURCE_PERFORMANCE },
  { version: 39, name: 'settlements', sql: SETTLEMENTS },
  { version: 40, name: 'partner interactions', sql: PARTNER_INTERACTIONS },
];
