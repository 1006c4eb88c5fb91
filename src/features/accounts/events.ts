import type { NoPayload } from '../../jobs/events.js';

/** The events the account commands record (entity 'user'). */
declare module '../../jobs/events.js' {
  interface EventPayloads {
    'user.sign_up': NoPayload;
    'user.sign_in': NoPayload;
    'user.verify_email': NoPayload;
    'user.update_profile': NoPayload;
    'user.change_password': NoPayload;
    'user.request_password_reset': NoPayload;
    'user.reset_password': NoPayload;
    /** From the create-admin command line. */
    'user.create_admin': { via: 'cli' };
    'user.promote_admin': { via: 'cli' };
  }
}
