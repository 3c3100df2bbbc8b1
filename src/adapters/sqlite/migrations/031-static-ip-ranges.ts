/**
 * The extra static IP range (#12): CFS-STATIC-IP takes `ipv4Ranges`, how many /29 ranges the
 * service holds (absent, the one range its spec gives), so a modify can add one. The seed names
 * it for a new store; a store seeded before gets it here. Only the sample operator's spec as
 * seeded is touched: a catalog edited since is left as it is.
 */
export const sql = `
UPDATE cfs_specs SET parameters = '["prefixLength","ipv4Ranges"]'
WHERE id = 'CFS-STATIC-IP' AND parameters = '["prefixLength"]';
`;
