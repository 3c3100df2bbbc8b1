import { z } from 'zod';
import { Characteristics } from './product-order';
import { ResourceNeed } from './resource-order';

/** An identifier the service needs from a pool SM&O manages (1.F.2.2.2 allots it). */
export const IdentifierNeed = z.object({
  /** The parameter the identifier becomes on the service (telephoneNumber, ipv4Range…). */
  name: z.string(),
  resourceSpecId: z.string(),
  region: z.string(),
  quantity: z.number().int().positive(),
});
export type IdentifierNeed = z.infer<typeof IdentifierNeed>;

/** A part of the solution our network lacks, bought from a supplier under a contract. */
export const SupplierComponent = z.object({
  resourceSpecId: z.string(),
  quantity: z.number().int().positive(),
  supplierContracts: z.array(z.string()),
});
export type SupplierComponent = z.infer<typeof SupplierComponent>;

/** The detailed design 1.F.2.2.1 hands to the processes after it. */
export const ServiceDesign = z.object({
  /** 1 at first; each redesign after repeated test failures adds one. */
  revision: z.number().int().positive(),
  /** Why this revision was made (the failed tests, for a redesign). */
  reason: z.string().nullable(),
  cfsSpecId: z.string(),
  serviceType: z.string(),
  region: z.string(),
  characteristics: Characteristics,
  /** The resource order that provisions the service (RM&O reserves under this id). */
  resourceOrderId: z.string(),
  /** What RM&O provisions from our own network (supplier-sourced parts excluded). */
  resourceNeeds: z.array(ResourceNeed),
  identifierNeeds: z.array(IdentifierNeed),
  supplierComponents: z.array(SupplierComponent),
  onsiteWork: z.object({ skill: z.string() }).nullable(),
  /**
   * What a redesign takes out of the solution: the elements a diagnosis found failing the service
   * end to end, for RM&O to replace with others of the same specification. Absent before any.
   */
  replaced: z.array(z.object({ resourceId: z.string(), resourceSpecId: z.string(), detail: z.string() })).optional(),
  /** The levels Service Quality Management measures the service against. */
  qos: z.record(z.string(), z.number()),
  sla: z.object({ availabilityPct: z.number(), restoreHours: z.number() }),
});
export type ServiceDesign = z.infer<typeof ServiceDesign>;
