import type { LocalisedText } from '../../src/i18n/localise.js';
import type { ViewContext } from '../layout/types.js';

/**
 * The council's comment policy in the reader's language if it has one, else in English (then
 * `lang` says so); empty text: the platform's default.
 */
export type PolicyView = LocalisedText;

/**
 * The challenge's comment policy (or the platform's default), and the community guidelines.
 * Its heading is an h3 inside a page's comments section, an h2 on a comment form's own page.
 */
export function CommentPolicy({ ctx, policy, onOwnPage = false }: { ctx: ViewContext; policy: PolicyView; onOwnPage?: boolean }) {
  const { t } = ctx;
  const Heading = onOwnPage ? 'h2' : 'h3';
  return (
    <div class="comment-policy">
      <Heading>{t('comments.policy.title')}</Heading>
      {policy.text ? (
        <>
          <p class="comment-policy-text" lang={policy.lang}>
            {policy.text}
          </p>
          {policy.lang && <p class="hint">{t('comments.policy.englishOnly')}</p>}
        </>
      ) : (
        <p>{t('comments.policy.default')}</p>
      )}
      <p>
        <a href="/guidelines">{t('comments.policy.guidelines')}</a>
      </p>
    </div>
  );
}
