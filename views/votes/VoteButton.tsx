import type { MessageKey, Params } from '../../src/i18n/index.js';
import { CsrfField } from '../components/CsrfField.js';
import type { ViewContext } from '../layout/types.js';

/** Everything one vote control shows, as plain data (decided by the votes feature's policy). */
export type VoteButtonView = {
  ideaId: string;
  /** The idea's title, read by screen readers with the button ("Support — Bus buddies"). */
  title: string;
  /** The support count, or null while the challenge hides counts from this viewer (then no count anywhere). */
  count: number | null;
  /** The viewer supports this idea. */
  supported: boolean;
  /** … and the council's staff set that support aside (it no longer counts). */
  setAside: boolean;
  /** The viewer's remaining supports ("2 of 5 supports left"), shown to signed-in people while voting is open. */
  budget: { left: number; total: number } | null;
  /** The form to show: support, withdraw, or none (then `reason` or `signInHref` says why). */
  action: 'support' | 'unsupport' | null;
  /** Why there is no button (a policy reason, or when voting opens or closed), in words. */
  reason: { key: MessageKey; params?: Params } | null;
  /** An anonymous visitor during voting: where to sign in (coming back to this control). */
  signInHref: string | null;
  /** Where the no-JS form comes back to (path and query; the control's anchor is added by the route). */
  returnTo: string;
  /** After an htmx action: what just changed, announced with the new count. */
  announce?: 'supported' | 'withdrawn' | undefined;
  /** A refusal of the action just tried (htmx), announced in the live region (in place of `reason`). */
  refusal?: { key: MessageKey; params?: Params } | undefined;
};

/**
 * A support control: the live status (the viewer's state, the count unless hidden), the supports
 * left, then the button or why not. Plain form first; htmx posts it and morphs this element in
 * place, so the polite live region stays in the page and its new text is announced, and the
 * button (stable id) keeps the focus.
 *
 * Every control on a page shows the same budget, so the answer to one control's action also
 * re-renders every other control the page shows (each carries its idea id in a hidden
 * `.vote-shown` input, which htmx sends along: `data-hx-include`), and they all agree. Only the
 * control acted on announces: its live region holds the supports left after an action; elsewhere
 * the budget sits outside the live region, so the other controls change silently.
 */
export function VoteButton({ ctx, v }: { ctx: ViewContext; v: VoteButtonView }) {
  const { t } = ctx;
  const id = `vote-${v.ideaId}`;
  const state = v.setAside ? t('votes.state.setAside') : v.supported ? t('votes.state.supported') : v.announce === 'withdrawn' ? t('votes.state.withdrawn') : null;
  const path = `/ideas/${v.ideaId}/${v.action}`;
  // After an action (htmx) the supports left are part of what is announced; otherwise they are shown beside it, silently.
  const announcing = v.announce !== undefined || v.refusal !== undefined;
  const budget = v.budget && t('votes.budget', { count: v.budget.left, total: v.budget.total });
  return (
    <div id={id} class={`vote${v.supported ? ' vote-supported' : ''}`}>
      <input type="hidden" class="vote-shown" name="shown" value={v.ideaId} />
      <p class="vote-status" id={`${id}-status`} aria-live="polite" aria-atomic="true">
        {state && <span class="vote-state">{state}</span>}{' '}
        {v.count !== null && (
          <>
            <strong class="vote-count">{t('votes.count', { count: v.count })}</strong>
            <span class="visually-hidden">.</span>
          </>
        )}{' '}
        {announcing && budget && <span class="vote-budget">{budget}</span>}{' '}
        {v.refusal && <span class="vote-refusal">{t(v.refusal.key, v.refusal.params)}</span>}
      </p>
      {!announcing && budget && <p class="vote-budget">{budget}</p>}
      {v.action ? (
        <form method="post" action={path} class="vote-form" data-hx-post={path} data-hx-target={`#${id}`} data-hx-swap="outerMorph" data-hx-include=".vote-shown">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="returnTo" value={v.returnTo} />
          <button type="submit" id={`${id}-button`} class={v.action === 'support' ? 'button' : 'button button-secondary'}>
            {t(v.action === 'support' ? 'votes.action.support' : 'votes.action.unsupport')}
            <span class="visually-hidden"> — {v.title}</span>
          </button>
        </form>
      ) : v.signInHref ? (
        <p class="vote-reason">
          <a href={v.signInHref}>{t('votes.signIn')}</a>
        </p>
      ) : (
        // A refusal just announced says the same: not twice.
        v.reason && !v.refusal && <p class="vote-reason">{t(v.reason.key, v.reason.params)}</p>
      )}
    </div>
  );
}
