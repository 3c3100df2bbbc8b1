import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { PaymentNotice } from '../../src/domain/billing/billing';
import type { CollectionView } from '../crm/billing-collections-management';

/** The messages of billing: a bill's collection hears of payments and answers where it stands. */

/** A payment the bank reports for a bill. */
export const paymentReceivedSignal = defineSignal<[PaymentNotice]>('paymentReceived');

export const getCollectionQuery = defineQuery<CollectionView>('getCollection');
