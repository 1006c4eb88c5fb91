import type { MessageKey } from '../../src/i18n/index.js';
import type { ViewContext } from '../layout/types.js';
import { CsrfField } from '../components/CsrfField.js';

export type FollowKindView = 'idea' | 'challenge';

/**
 * anonymous: a sign-in link; following / notFollowing: the state and a button;
 * closed: not followed and not followable any more (withdrawn idea, archived challenge): no control.
 */
export type FollowState = 'anonymous' | 'following' | 'notFollowing' | 'closed';

type Props = {
  ctx: ViewContext;
  kind: FollowKindView;
  id: string;
  state: FollowState;
  /** The page (path and query) the no-JS form comes back to. */
  returnTo: string;
  /** What just happened, for screen readers (the POST's fragment only). */
  announce?: MessageKey | undefined;
  /** Why the action was refused (the POST's fragment only). */
  error?: MessageKey | undefined;
};

export const followDomId = (kind: FollowKindView, id: string) => `follow-${kind}-${id}`;

/**
 * The follow control, in the page and as the htmx fragment (same component, stable id). The
 * button says what it will do ("Follow this idea" / "Stop following"), and the state is written
 * out beside it ("You follow this idea."), so it reads the same on screen and in a screen reader.
 * htmx morphs the control in place (focus stays on the button) and the polite status region,
 * kept across the swap, announces the change.
 */
export function FollowButton({ ctx, kind, id, state, returnTo, announce, error }: Props) {
  const { t } = ctx;
  const domId = followDomId(kind, id);
  const action = `/${kind === 'idea' ? 'ideas' : 'challenges'}/${id}/${state === 'following' ? 'unfollow' : 'follow'}`;
  return (
    <div id={domId} class="follow">
      {state === 'anonymous' && (
        <a class="button button-secondary" href={`/sign-in?next=${encodeURIComponent(returnTo)}`}>
          {t(kind === 'idea' ? 'follows.signIn.idea' : 'follows.signIn.challenge')}
        </a>
      )}
      {(state === 'following' || state === 'notFollowing') && (
        <form method="post" action={action} data-hx-post={action} data-hx-target={`#${domId}`} data-hx-swap="outerMorph" class="follow-form">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="returnTo" value={returnTo} />
          {state === 'following' && (
            <p class="follow-state" id={`${domId}-state`}>
              {t(kind === 'idea' ? 'follows.following.idea' : 'follows.following.challenge')}
            </p>
          )}
          <button type="submit" class="button button-secondary" {...(state === 'following' ? { 'aria-describedby': `${domId}-state` } : {})}>
            {state === 'following' ? t('follows.unfollow') : t(kind === 'idea' ? 'follows.follow.idea' : 'follows.follow.challenge')}
          </button>
        </form>
      )}
      {error && (
        <p class="follow-error" role="alert">
          {t(error)}
        </p>
      )}
      <p class="visually-hidden" role="status" id={`${domId}-live`}>
        {announce ? t(announce) : ''}
      </p>
    </div>
  );
}
