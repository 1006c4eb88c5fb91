/** English messages of the admin feature: the source of its keys (messages.fr.ts must match them). */
export const en = {
  'admin.title': 'Platform administration',
  'admin.organisations.title': 'Organisations',
  'admin.mail.title': 'Outgoing mail',
  'admin.mail.lead': 'No SMTP server is configured, so messages are kept here (and written to the data directory) instead of being sent.',
  'admin.mail.empty': 'No messages yet.',
  'admin.mail.to': 'To',
  'admin.mail.subject': 'Subject',
  'admin.mail.sent': 'Sent',
  'admin.mail.back': 'All messages',
  'admin.mail.smtp': 'An SMTP server is configured: messages are sent, not kept here.',

  'admin.organisations.lead': 'Create organisations, check their details and invite their first owners.',
  'admin.organisations.empty': 'There are no organisations yet.',
} as const;

type AdminMessages = typeof en;
declare module '../../i18n/types.js' {
  // Adds this feature's keys to MessageKey (see src/i18n/types.ts).
  interface Messages extends AdminMessages {}
}
