import { z } from 'zod';
import { PASSWORD_MAX, passwordProblem } from '../../auth/password.js';

import { emailField, requiredText as required, text } from '../../lib/fields.js';

export { emailField };

// Length and commonness are checked by passwordProblem() (async, list lookup); here only presence and an upper bound.
const passwordField = z.string('validation.required').min(1, 'validation.required').max(PASSWORD_MAX * 4, 'validation.password.long');

/** A password being chosen: the length and common-password rules, so every field's problem shows at once (the commands check again). */
const newPasswordField = passwordField.superRefine(async (value, ctx) => {
  const problem = await passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const displayNameField = required(80);

export const signUpSchema = z.object({ displayName: displayNameField, email: emailField, password: newPasswordField });
export const signInSchema = z.object({ email: required(254).toLowerCase(), password: passwordField });
export const forgotSchema = z.object({ email: emailField });
/** The code of a one-time link, pasted or filled in by the page's script (a paste may bring spaces). */
const linkCodeField = z.string('validation.required').trim().min(1, 'validation.required').max(200, 'validation.tooLong');
export const verifySchema = z.object({ token: linkCodeField });
export const resetSchema = z.object({ token: linkCodeField, password: newPasswordField });
export const changePasswordSchema = z.object({ currentPassword: passwordField, newPassword: newPasswordField });
export const profileSchema = z.object({
  displayName: displayNameField,
  bio: text(500).default(''),
  locale: z.enum(['en', 'fr'], 'validation.choice'),
});
export const resendSchema = z.object({ email: emailField });
