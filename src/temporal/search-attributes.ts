/**
 * Custom search attributes, so an operator finds orders, tickets and problems in the Web UI
 * by customer, state and the eTOM process they are in.
 */
export const SEARCH_ATTRIBUTES = {
  EtomCustomerId: 'Keyword',
  EtomState: 'Keyword',
  EtomProcess: 'Keyword',
  EtomLayer: 'Keyword',
} as const;
