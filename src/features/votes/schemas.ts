import { z } from 'zod';
import { text } from '../../lib/fields.js';
import { GROUPS_SHOWN, SET_ASIDE_SIGNALS, type ChosenGroup, type SetAsideSignal } from './integrity.js';

/** The public reason for setting supports aside: shown to each affected person and in the summary. */
export const REASON_MIN = 10;
export const REASON_MAX = 500;

/** A group as the report's checkbox carries it: signal|idea id|key|supports shown. */
const GROUP = /^([a-z]+)\|([0-9a-f-]{36})\|([A-Za-z0-9_-]{0,32})\|([1-9]\d{0,6})$/;

/** "burst|<idea>|2026-03-02|14" → the group, or null for anything else. */
export function parseGroup(value: string): ChosenGroup | null {
  const m = GROUP.exec(value);
  if (!m || !(SET_ASIDE_SIGNALS as readonly string[]).includes(m[1]!)) return null;
  return { signal: m[1] as SetAsideSignal, ideaId: m[2]!, key: m[3]!, supports: Number(m[4]) };
}

/** Setting supports aside: the groups ticked in the report (at least one) and the reason in words. */
export const setAsideSchema = z.object({
  group: z
    .array(z.string())
    .default([])
    .refine((l) => l.length > 0, 'votes.integrity.noneChosen')
    .refine((l) => l.length <= GROUPS_SHOWN, 'error.badRequest.body')
    .transform((l, ctx) => {
      const groups = [...new Set(l)].map(parseGroup);
      if (groups.some((g) => g === null)) ctx.addIssue({ code: 'custom', message: 'error.badRequest.body' });
      return groups.filter((g): g is ChosenGroup => g !== null);
    }),
  reason: text(REASON_MAX).min(REASON_MIN, 'votes.integrity.reasonRequired'),
});
export type SetAsideInput = z.infer<typeof setAsideSchema>;
