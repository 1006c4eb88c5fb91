import { z } from 'zod';
import { emailField, requiredText as required, text } from '../../lib/fields.js';
import { ORG_KINDS, ORG_ROLES } from './policy.js';

export const SLUG_MIN = 2;
export const SLUG_MAX = 60;
/** Lower-case letters, digits and single hyphens between them. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const isSlug = (s: string) => s.length >= SLUG_MIN && s.length <= SLUG_MAX && SLUG_PATTERN.test(s);

export const NAME_MAX = 120;
export const DESCRIPTION_MAX = 2000;
export const WEBSITE_MAX = 300;
export const TITLE_MAX = 120;


export const slugField = z
  .string('validation.required')
  .trim()
  .min(1, 'validation.required')
  .min(SLUG_MIN, 'validation.tooShort')
  .max(SLUG_MAX, 'validation.tooLong')
  .regex(SLUG_PATTERN, 'validation.slug');

/** An http(s) address, or empty for none (stored as null). */
export const websiteField = text(WEBSITE_MAX)
  .refine((v) => {
    if (v === '') return true;
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'validation.url')
  .transform((v) => (v === '' ? null : v));

/** A checkbox: present ("on", "1", "true") means yes; absent means no. */
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === '1' || v === 'true');

const kindField = z.enum(ORG_KINDS, 'validation.choice');
const roleField = z.enum(ORG_ROLES, 'validation.choice');

export const createOrganisationSchema = z.object({
  kind: kindField,
  name: required(NAME_MAX),
  slug: slugField,
  description: text(DESCRIPTION_MAX).default(''),
  website: websiteField.default(null),
  verified: checkbox,
});
export type CreateOrganisationInput = z.infer<typeof createOrganisationSchema>;

/** What an owner may change. */
export const editOrganisationSchema = z.object({
  name: required(NAME_MAX),
  description: text(DESCRIPTION_MAX).default(''),
  website: websiteField.default(null),
  /** Its staff must use a second factor (owners and admins; changing it needs a recent sign-in). */
  requireSecondFactor: checkbox,
});

/** What a platform admin may change as well. */
export const editOrganisationIdentitySchema = editOrganisationSchema.extend({
  kind: kindField,
  slug: slugField,
  verified: checkbox,
});

export const inviteSchema = z.object({
  email: emailField,
  role: roleField,
  title: text(TITLE_MAX).default(''),
});
export type InviteInput = z.infer<typeof inviteSchema>;

/** Role is absent from a member's own form (they cannot change it). */
export const updateMembershipSchema = z.object({
  role: roleField.optional(),
  title: text(TITLE_MAX).default(''),
  listedPublicly: checkbox,
});

export const directoryQuerySchema = z.object({
  kind: z.union([kindField, z.literal('').transform(() => undefined)]).optional(),
  after: z.string().max(400).optional(),
});
