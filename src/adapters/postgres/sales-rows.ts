import * as sqlite from '../sqlite/sales-rows';
import { sqliteShaped } from './rows';

/**
 * The sales tables' rows as PostgreSQL returns them, in the domain's shape: the SQLite adapter's
 * mappers, given the row in that store's shape (jsonb as JSON text), so both stores read alike.
 */

export { type Row, str, strOrNull } from '../sqlite/sales-rows';
/** BIGINT (money) arrives as text, a number here. */
export const num = (v: unknown) => Number(v);

const shaped = (r: sqlite.Row) => sqliteShaped<sqlite.Row>(r);
export const toCampaign = (r: sqlite.Row) => sqlite.toCampaign(shaped(r));
export const toCollateral = (r: sqlite.Row) => sqlite.toCollateral(shaped(r));
export const toLead = (r: sqlite.Row) => sqlite.toLead(shaped(r));
export const toProspect = (r: sqlite.Row) => sqlite.toProspect(shaped(r));
export const toQuote = (r: sqlite.Row) => sqlite.toQuote(shaped(r));
