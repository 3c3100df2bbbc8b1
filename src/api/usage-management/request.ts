import { UsageType } from '../../domain/billing/usage';
import type { Ports } from '../../ports';
import type { UsageSubmission } from '../../ports/usage';
import { ApiError } from '../errors';
import { customerOf, orderIdFor, type Ref } from '../order-request';
import { QUANTITY } from './representation';

/** A TMF635 Usage_Create, already valid against the specification. */
export interface UsageBody {
  /** The sender's own id for the record (not in Usage_Create, which skips `id`): posting it again is the one record. */
  id?: string;
  externalId?: string;
  description?: string;
  usageDate?: string;
  usageType?: string;
  relatedParty?: Ref[];
  usageCharacteristic?: Array<{ name: string; value: unknown; valueType?: string }>;
  [attribute: string]: unknown;
}

/** A characteristic's value and where it is in the body, for the 422's paths. */
function characteristic(body: UsageBody, name: string): { value: unknown; path: string } | undefined {
  const i = (body.usageCharacteristic ?? []).findIndex((c) => c.name === name);
  return i < 0 ? undefined : { value: body.usageCharacteristic![i]!.value, path: `/usageCharacteristic/${i}/value` };
}

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/**
 * What a posted usage record is for, read the way collection and rating need it (the mapping):
 * - `usageType`: `voice` or `data`, the usage types the tariffs rate (GET /usageSpecification);
 * - `usageDate`: when the usage happened (it picks the peak or off-peak price and the cycle);
 * - the product: usageCharacteristic `productId`, else the customer's only product; the
 *   customer: relatedParty in the `customer` role (else the first), who must own the product;
 *   usageCharacteristic `serviceId` picks one of the product's services (else its first metered one);
 * - the quantity: usageCharacteristic `duration` (whole seconds, voice) or `volume` (whole
 *   megabytes, data); the party: `calledNumber` (voice) or `accessPointName` (data), optional.
 * What cannot be put that way is a 422 naming every problem, and nothing is written.
 */
export async function toSubmission(
  body: UsageBody,
  ports: Pick<Ports, 'usage' | 'productOrders' | 'customerManagement'>,
): Promise<Omit<UsageSubmission, 'receivedAt'>> {
  const problems: string[] = [];
  const parsedType = UsageType.safeParse(body.usageType);
  if (!parsedType.success) problems.push(`/usageType: one of ${UsageType.options.join(', ')}`);
  const usageType = parsedType.data ?? 'voice';
  const at = body.usageDate ? new Date(body.usageDate) : undefined;
  if (!at) problems.push('/usageDate: when the usage happened is needed to rate it');

  const customerId = customerOf(body.relatedParty);
  if (customerId && !(await ports.customerManagement.getCustomer(customerId)))
    problems.push(`/relatedParty: no customer ${customerId}`);
  const named = characteristic(body, 'productId');
  let productId = text(named?.value);
  if (!named && customerId) {
    const owned = (await ports.productOrders.productsOf(customerId)).filter((p) => p.status === 'active');
    if (owned.length === 1) productId = owned[0]!.id;
  }
  const product = productId
    ? (await ports.productOrders.searchProducts({ ids: [productId], offset: 0, limit: 1 })).orders[0]
    : undefined;
  const productPath = named?.path ?? '/usageCharacteristic';
  if (!productId) problems.push(`${productPath}: name the product (characteristic productId)`);
  else if (!product) problems.push(`${productPath}: no product ${productId}`);
  else if (customerId && product.customerId !== customerId)
    problems.push(`/relatedParty: product ${productId} is not customer ${customerId}'s`);
  const service = characteristic(body, 'serviceId');
  const meter = product && (await ports.usage.meterOf(product.id, text(service?.value)));
  if (product && !meter)
    problems.push(`${service?.path ?? productPath}: product ${product.id} has no active metered service`);

  const { characteristic: counted, party: partyName } = QUANTITY[usageType];
  const quantity = characteristic(body, counted);
  const amount = Number(text(quantity?.value));
  if (parsedType.success && !(Number.isSafeInteger(amount) && amount >= 0))
    problems.push(
      `${quantity?.path ?? '/usageCharacteristic'}: ${counted}, a whole number of ${QUANTITY[usageType].unit}`,
    );
  const party = text(characteristic(body, partyName)?.value) ?? '';
  // The record travels as a CSV line among the network's: a comma would split it.
  if (party.includes(',')) problems.push(`${characteristic(body, partyName)!.path}: no commas`);

  if (problems.length)
    throw new ApiError(422, 'UNPROCESSABLE_USAGE', 'Not usage this operator can rate', problems.join('; '));
  return {
    id: orderIdFor({ externalId: body.id ?? body.externalId }, 'USG'),
    usageType,
    usageDate: at!.toISOString(),
    quantity: amount,
    party,
    customerId: product!.customerId,
    productId: product!.id,
    serviceId: meter!.serviceId,
    elementId: meter!.elementId,
    description: body.description ?? null,
    characteristics: body.usageCharacteristic ?? [],
  };
}
