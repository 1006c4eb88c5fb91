import { allow, deny, type Actor, type Decision } from '../../lib/policy.js';

export function canAdministerPlatform(actor: Actor): Decision {
  if (!actor) return deny('auth.signInRequired');
  return actor.isAdmin ? allow : deny('error.forbidden.body');
}
