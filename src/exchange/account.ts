/** Account attributes and model releases, as read from JSONL files (formats in docs/formats.md). */
import { z } from 'zod';

export const VERIFICATIONS = ['none', 'email', 'edu', 'research', 'startup', 'enterprise', 'eval'] as const;
export const TIERS = ['free', 'paid', 'scale', 'enterprise'] as const;

export const accountSchema = z.looseObject({
  id: z.string().min(1),
  org: z.string().optional(),
  created: z.iso.datetime({ offset: true }).optional(),
  country: z.string().length(2).optional(),
  email_domain: z.string().optional(),
  payment: z.string().optional(),
  verification: z.enum(VERIFICATIONS).optional(),
  tier: z.enum(TIERS).optional(),
  allowlisted: z.boolean().optional(),
  owner_country: z.string().length(2).optional(),
});
export type Account = z.infer<typeof accountSchema>;

/** The account's sign-up time in epoch milliseconds, or NaN when the accounts file gives none. */
export function signedUpAt(account: Pick<Account, 'created'> | undefined): number {
  return account?.created === undefined ? NaN : Date.parse(account.created);
}

export const releaseSchema = z.looseObject({
  model: z.string().min(1),
  released: z.iso.datetime({ offset: true }),
});
export type Release = z.infer<typeof releaseSchema>;
