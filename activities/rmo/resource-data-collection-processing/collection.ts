import { z } from 'zod';

/**
 * What travels between the steps of Resource Data Collection & Processing (1.AB.3.5): the
 * records stay in the store, and a step names the collection it works on.
 */
export const Id = z.string().min(1);
export const CollectionRef = z.object({ collectionId: Id });
