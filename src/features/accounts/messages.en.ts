/** English messages of the accounts feature: the source of its keys (messages.fr.ts must match them). */
export const en = {
  'auth.signUp.title': 'Create an account',
  'auth.signUp.lead': 'You need an account to submit ideas, comment and vote. We only ask for what we need.',
  'auth.signUp.submit': 'Create account',
  'auth.signUp.haveAccount': 'Already have an account?',
  'auth.signUp.done.title': 'Check your email',
  'auth.signUp.done.body':
    'If {email} can be used for a new account, we have sent a confirmation link to it. The link works for 24 hours.',
  'auth.field.displayName': 'Your name',
  'auth.field.displayName.hint': 'Shown next to your ideas and comments.',
  'auth.field.email': 'Email address',
  'auth.field.password': 'Password',
  'auth.field.password.hint': 'At least 8 characters. A few unrelated words make a strong password.',
  'auth.field.newPassword': 'New password',
  'auth.field.currentPassword': 'Current password',
  'auth.field.confirmPassword': 'Confirm new password',
  'auth.signIn.title': 'Sign in',
  'auth.signIn.submit': 'Sign in',
  'auth.signIn.failed': 'The email address or password is not correct',
  'auth.signIn.forgot': 'Forgotten your password?',
  'auth.signIn.noAccount': 'New to Commonwise?',
  'auth.signIn.done': 'You are signed in.',
  'auth.signOut.done': 'You are signed out.',
  'auth.verify.title': 'Confirm your email address',
  'auth.verify.done': 'Thank you: your email address is confirmed.',
  'auth.verify.invalid.title': 'This link does not work',
  'auth.verify.invalid.body':
    'The link is wrong, has expired or has already been used. Sign in and ask for a new confirmation link if you still need one.',
  'auth.verify.resent': 'We have sent you a new confirmation link.',
  'auth.verify.already': 'Your email address is already confirmed.',
  'auth.forgot.title': 'Reset your password',
  'auth.forgot.lead': 'Enter the email address of your account and we will send you a link to choose a new password.',
  'auth.forgot.submit': 'Send reset link',
  'auth.forgot.done': 'If an account uses {email}, we have sent it a link to reset the password. The link works for 1 hour.',
  'auth.reset.title': 'Choose a new password',
  'auth.reset.submit': 'Save new password',
  'auth.reset.done': 'Your password has been changed. Please sign in with your new password.',
  'auth.password.title': 'Change your password',
  'auth.password.lead': 'Changing your password signs you out everywhere else.',
  'auth.password.submit': 'Change password',
  'auth.password.done': 'Your password has been changed.',
  'auth.profile.title': 'Your profile',
  'auth.profile.bio': 'About you',
  'auth.profile.bio.hint': 'A short introduction, shown on your public contributions. Up to 500 characters.',
  'auth.profile.locale': 'Preferred language',
  'auth.profile.done': 'Your profile has been saved.',
  'auth.profile.changePassword': 'Change your password',
  'auth.profile.emailUnverified': 'not yet confirmed',
  'auth.profile.emailVerified': 'confirmed',

  'mail.verify.subject': 'Confirm your email address for Commonwise',
  'mail.verify.body':
    'Hello {name},\n\nPlease confirm your email address by opening this link (it works for 24 hours):\n\n{link}\n\nIf you did not create a Commonwise account, you can ignore this message.',
  'mail.reset.subject': 'Reset your Commonwise password',
  'mail.reset.body':
    'Hello {name},\n\nSomeone asked to reset the password of your Commonwise account. To choose a new password, open this link (it works for 1 hour):\n\n{link}\n\nIf it was not you, ignore this message: your password stays the same.',
  'mail.existing.subject': 'Someone tried to create a Commonwise account with your address',
  'mail.existing.body':
    'Hello {name},\n\nSomeone tried to create a new Commonwise account with this email address, which already has an account. If it was you, sign in instead or reset your password:\n\n{link}\n\nIf it was not you, you can ignore this message.',
} as const;

type AccountsMessages = typeof en;
declare module '../../i18n/types.js' {
  // Adds this feature's keys to MessageKey (see src/i18n/types.ts).
  interface Messages extends AccountsMessages {}
}
