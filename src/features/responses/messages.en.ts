/** English messages of the responses feature: the source of its keys (messages.fr.ts must match them). */
export const en = {
  'responses.title': 'Official responses',
  'responses.none': 'The council has not responded to this idea yet.',
  'responses.item.title': 'Official response from {council}',
  'responses.item.statusChange': 'Status changed from “{from}” to “{to}”.',
  'responses.item.reason': 'Reason: {reason}',
  'responses.timeline.title': 'Status history',
  'responses.timeline.published': 'shared with everyone',
  'responses.timeline.by': 'by {who}, {council}',
  'responses.timeline.withdrawn': 'by its author',
  'responses.due.committed': 'The council has committed to respond by {date}.',
  'responses.due.overdue': 'Response overdue since {date}.',
  'responses.staffLink': 'Ideas awaiting a response from your council',

  'responses.form.title': 'Respond officially',
  'responses.form.lead': 'Your response is published under your name and role: {who}.',
  'responses.form.body': 'Your response',
  'responses.form.body.hint': 'Written for the public. You can use Markdown: **bold**, lists and links. Up to 10,000 characters.',
  'responses.form.status': 'New status',
  'responses.form.status.hint': 'The idea is “{status}” now. Choose a new status only if your response changes it.',
  'responses.form.status.keep': 'No change',
  'responses.form.reason': 'Reason for the new status',
  'responses.form.reason.hint': 'Needed when you change the status, and shown in its history. Up to 1,000 characters.',
  'responses.form.submit': 'Publish the response',
  'responses.form.back': 'Back to the idea: {title}',
  'responses.flash.posted': 'Your official response has been published.',

  'responses.validation.status': 'Choose a status from the list',
  'responses.validation.sameStatus': 'The idea already has this status: choose another one, or “No change”',
  'responses.validation.reasonRequired': 'Give the reason for the new status',
  'responses.validation.reasonWithoutStatus': 'Choose the new status this reason explains, or leave the reason empty',
  'responses.validation.bodyEmpty': 'Your response needs some words, not only formatting',

  'responses.policy.staffOnly': 'Only staff of the council running this challenge can respond officially.',
  'responses.policy.draft': 'This idea is not published.',
  'responses.policy.withdrawn': 'This idea has been withdrawn: it can no longer be answered.',

  'responses.record.title': 'Council responses',
  'responses.record.rule': 'The council responds within {days} to ideas with at least {supports}.',
  'responses.record.days': { one: '{count} day', other: '{count} days' },
  'responses.record.supports': { one: '{count} support', other: '{count} supports' },
  'responses.record.awaiting': 'Awaiting a response',
  'responses.record.overdue': 'Overdue',
  'responses.record.none': 'No idea is waiting for a response.',
  'responses.record.hidden': 'This challenge hides support counts until voting closes, so which ideas have reached this threshold is shown then.',
  'responses.record.overdueTitle': 'Overdue responses',
  'responses.record.overdueSince': 'overdue since {date}',
  'responses.record.more': { one: '…and {count} more.', other: '…and {count} more.' },

  'responses.awaiting.title': 'Ideas awaiting a response',
  'responses.awaiting.lead': 'Ideas that reached the response threshold in your council’s challenges, the most overdue first.',
  'responses.awaiting.empty': 'No idea is waiting for a response from your council.',
  'responses.awaiting.idea': 'Idea',
  'responses.awaiting.challenge': 'Challenge',
  'responses.awaiting.council': 'Council',
  'responses.awaiting.due': 'Response',
  'responses.awaiting.overdue': 'Overdue since {date}',
  'responses.awaiting.dueBy': 'Due by {date}',
  'responses.notify.posted': 'Official response from {actor}',
  'responses.notify.status': 'Official response from {actor}: the status is now “{status}”',
} as const;

type ResponsesMessages = typeof en;
declare module '../../i18n/types.js' {
  // Adds this feature's keys to MessageKey (see src/i18n/types.ts).
  interface Messages extends ResponsesMessages {}
}
