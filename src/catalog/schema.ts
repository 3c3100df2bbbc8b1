import { z } from 'zod';

/** One process as the catalog file stores it: what cannot be derived from its id. */
export const CatalogEntrySchema = z
  .object({
    id: z.string().regex(/^1\.[A-Z]+\.\d+(\.\d+){0,2}$/, 'an eTOM identifier such as 1.F.1.5.2'),
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    nameEn: z.string().min(3),
    nameFr: z.string().min(3),
    /** Where section 10 of the text describes the process (Operations only; null elsewhere). */
    section: z
      .string()
      .regex(/^10(\.\d+)+$/)
      .nullable(),
    purpose: z.string().min(10).max(200),
    /** The text's own summary ("Description résumée"), in French as the text has it. */
    summaryFr: z.string().min(10),
    activity: z
      .string()
      .regex(/^[a-z][A-Za-z]+$/)
      .optional(),
    workflow: z
      .string()
      .regex(/^[a-z][A-Za-z]+$/)
      .optional(),
  })
  .strict()
  .refine((p) => (p.level === 3) === (p.activity !== undefined), {
    message: 'Level-3 processes, and only they, name an activity',
  })
  .refine((p) => p.workflow === undefined || p.level === 2, {
    message: 'only Level-2 processes name a workflow',
  });
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

export const CatalogFileSchema = z.array(CatalogEntrySchema).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  for (const kind of ['id', 'activity', 'workflow'] as const) {
    seen.clear();
    for (const e of entries) {
      const v = e[kind];
      if (v === undefined) continue;
      if (seen.has(v)) ctx.addIssue({ code: 'custom', message: `duplicate ${kind} ${v}` });
      seen.add(v);
    }
  }
});

export const GROUPINGS = ['CRM', 'SM&O', 'RM&O', 'S/PRM', 'SIP', 'Enterprise'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const VERTICAL_NAMES = {
  S: 'Strategy & Commit',
  I: 'Infrastructure Lifecycle Management',
  P: 'Product Lifecycle Management',
  O: 'Operations Support & Readiness',
  F: 'Fulfilment',
  A: 'Assurance',
  B: 'Billing',
  E: 'Enterprise Management',
} as const;
export type VerticalCode = keyof typeof VERTICAL_NAMES;

/** A process as the rest of the project sees it: stored fields plus those read from the id. */
export interface EtomProcess extends CatalogEntry {
  layer: Grouping;
  vertical: VerticalCode[];
  parentId: string | null;
}
