/**
 * Column builders the schema files share. Each one returns exactly the column it replaces
 * (name, type, nullability, default, reference and onDelete): `drizzle-kit generate` must keep
 * reporting no schema changes after any edit here.
 *
 * This file imports no table, so every schema file can use it without an import cycle; a
 * reference names its target at the call site (`ref('user_id', () => users.id, 'cascade')`).
 */
import { type AnyPgColumn, customType, timestamp, type UpdateDeleteAction, uuid } from 'drizzle-orm/pg-core';

/** A full-text search document (filled by a generated column). */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** `id uuid PRIMARY KEY DEFAULT gen_random_uuid()`. */
export const id = () => uuid('id').primaryKey().defaultRandom();

/** `timestamp with time zone`, nullable and without default until chained otherwise. */
export const timestamptz = <TName extends string>(name: TName) => timestamp(name, { withTimezone: true });

/** `created_at timestamp with time zone NOT NULL DEFAULT now()`. */
export const createdAt = () => timestamptz('created_at').notNull().defaultNow();

/**
 * A uuid column referencing `target` (another table's id) with its onDelete rule; nullable
 * unless chained with `.notNull()`.
 */
export const ref = <TName extends string>(name: TName, target: () => AnyPgColumn, onDelete: UpdateDeleteAction) =>
  uuid(name).references(target, { onDelete });

/**
 * The languages people write ideas and comments in: the platform's two official languages (the
 * interface's locales). A `text` column with this enum, validated by the forms.
 */
export const CONTENT_LANGUAGES = ['en', 'fr'] as const;
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];
