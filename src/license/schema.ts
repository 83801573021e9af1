/**
 * The license shapes as zod schemas (Rocket.Chat's ILicenseV3 and ILicenseV2 in core-typings, as far as the verdict
 * needs them): the decoder checks signed content with them, and types.ts derives the types from them.
 */
import { z } from 'zod';
import { licenseBehaviorSchema, limitKindSchema } from './rules.js';

const limit = z.object({ max: z.number(), behavior: licenseBehaviorSchema, modules: z.array(z.string()).optional() });
export const licenseTagSchema = z.object({ name: z.string(), color: z.string() });
export const serverUrlRuleSchema = z.object({ value: z.string(), type: z.enum(['url', 'regex', 'hash']) });
const period = z.object({
  validFrom: z.string().optional(),
  validUntil: z.string().optional(),
  invalidBehavior: licenseBehaviorSchema,
  modules: z.array(z.string()).optional(),
});

/** A v3 license (the v2 format is converted to this shape, as Rocket.Chat 6.5+ does). */
export const licenseV3Schema = z.object({
  version: z.literal('3.0'),
  information: z.object({
    id: z.string().optional(),
    trial: z.boolean().optional(),
    offline: z.boolean().optional(),
    createdAt: z.string().optional(),
    visualExpiration: z.string().optional(),
    grantedTo: z.object({ name: z.string().optional(), company: z.string().optional(), email: z.string().optional() }).optional(),
    tags: z.array(licenseTagSchema).optional(),
  }),
  validation: z.object({ serverUrls: z.array(serverUrlRuleSchema), validPeriods: z.array(period) }),
  grantedModules: z.array(z.object({ module: z.string(), external: z.boolean().optional() })),
  limits: z.partialRecord(limitKindSchema, z.array(limit)),
});

/** A v2 license as Rocket.Chat ≤ 6.4 issued them. */
export const licenseV2Schema = z.object({
  url: z.string(),
  expiry: z.string(),
  maxActiveUsers: z.number().optional(),
  maxGuestUsers: z.number().optional(),
  maxRoomsPerGuest: z.number().optional(),
  modules: z.array(z.string()),
  tag: licenseTagSchema.optional(),
  meta: z.object({ trial: z.boolean().optional(), trialEnd: z.string().optional(), workspaceId: z.string().optional() }).optional(),
  apps: z.object({ maxPrivateApps: z.number().optional(), maxMarketplaceApps: z.number().optional() }).optional(),
});
