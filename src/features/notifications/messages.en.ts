/** English messages of the notifications feature: the source of its keys (messages.fr.ts must match them). */
export const en = {
  'notifications.title': 'Notifications',
  'notifications.account.label': 'About',
  'notifications.account.title': 'your account and your reports',
  'notifications.empty': 'No notifications yet. Follow ideas and challenges to hear when they change; replies to your comments come here too.',
  'notifications.new': 'New:',
  'notifications.readAll': 'Mark all as read',
  'notifications.markRead': 'Mark as read',
  'notifications.markReadOf': 'Mark as read: {text}',
  'notifications.stopFollowing': 'Stop following this',
  'notifications.someone': 'Someone',
  'notifications.unknown': 'Something changed here.',
  'notifications.done.read': 'Marked as read.',
  'notifications.done.allRead': 'All your notifications are marked as read.',
} as const;

type NotificationsMessages = typeof en;
declare module '../../i18n/types.js' {
  // Adds this feature's keys to MessageKey (see src/i18n/types.ts).
  interface Messages extends NotificationsMessages {}
}
