/** English messages of the admin feature: the source of its keys (messages.fr.ts must match them). */
export const en = {
  'admin.title': 'Platform administration',
  'admin.organisations.title': 'Organisations',
  'admin.accounts.title': 'Accounts',
  'admin.accounts.lead': 'Find an account by its email address to see how many sessions it has and to sign it out everywhere, for example when a person reports a lost device or a stolen password.',
  'admin.accounts.email': 'Email address',
  'admin.accounts.find': 'Find account',
  'admin.accounts.none': 'No account has that email address.',
  'admin.accounts.joined': 'Joined',
  'admin.accounts.status': 'Status',
  'admin.accounts.suspended': 'Suspended',
  'admin.accounts.admin': 'Platform admin',
  'admin.accounts.active': 'Active',
  'admin.accounts.sessions': 'Sessions in force',
  'admin.accounts.end': 'End every session',
  'admin.accounts.secondFactor': 'Second factor',
  'admin.accounts.secondFactor.on': 'Set up',
  'admin.accounts.secondFactor.off': 'None',
  'admin.accounts.factorsReset.lead': 'Someone who has lost every passkey, their authenticator app and their recovery codes can ask for them to be removed. First check who they are, outside the platform (for example by phone, with their manager). Every session of the account ends too.',
  'admin.accounts.factorsReset.button': 'Remove their second factors',
  'admin.accounts.factorsReset': 'Their second factors have been removed and their sessions ended. They sign in with their password next.',
  'admin.accounts.sessionCount': { one: '{count} session', other: '{count} sessions' },
  'admin.accounts.ended': { one: 'Every session has ended ({count}).', other: 'Every session has ended ({count}).' },
  'admin.mail.title': 'Outgoing mail',
  'admin.mail.lead':
    'No SMTP server is configured, so messages are not sent. They are listed here with their one-time links hidden, and written in full to the development mail spool (the mail folder of the data directory), which keeps them for {days} days.',
  'admin.mail.masked':
    'One-time links (to confirm an address, reset a password or accept an invitation) are hidden here: they would let whoever opens them into someone else’s account. Only the person the message was sent to gets a working link.',
  'admin.mail.empty': 'No messages yet.',
  'admin.mail.to': 'To',
  'admin.mail.subject': 'Subject',
  'admin.mail.sent': 'Sent',
  'admin.mail.back': 'All messages',
  'admin.mail.smtp': 'An SMTP server is configured: messages are sent, not kept here.',

  'admin.organisations.lead': 'Create organisations, check their details and invite their first owners.',
  'admin.organisations.empty': 'There are no organisations yet.',

  'admin.jobs.title': 'Failed jobs',
  'admin.jobs.lead': 'Background jobs that failed on every attempt, or whose data was not valid, and will not run again unless retried.',
  'admin.jobs.empty': 'No failed jobs.',
  'admin.jobs.kind': 'Job',
  'admin.jobs.failedAt': 'Failed',
  'admin.jobs.attempts': 'Attempts',
  'admin.jobs.lastError': 'Last error',
  'admin.jobs.actions': 'Actions',
  'admin.jobs.retry': 'Retry',
  'admin.jobs.retryFor': 'Retry job {id} ({kind})',
  'admin.jobs.retried': 'Job {id} ({kind}) is queued again and will run shortly.',
  'admin.jobs.notDead': 'This job has not failed, or has already been retried: there is nothing to retry.',
} as const;

type AdminMessages = typeof en;
declare module '../../i18n/types.js' {
  // Adds this feature's keys to MessageKey (see src/i18n/types.ts).
  interface Messages extends AdminMessages {}
}
