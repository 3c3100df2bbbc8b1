/**
 * Resource classes whose availability and utilisation RM&O readiness watches (1.O.3.1.2,
 * 1.O.3.1.4, 1.O.3.1.5): identifiers are SM&O's and CRM's pools, topped up by number blocks.
 */
export const WATCHED_TYPES = ['port', 'cpe', 'access-circuit', 'vlan'];
