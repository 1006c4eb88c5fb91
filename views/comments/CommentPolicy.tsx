import type { LocalisedText } from '../../src/i18n/localise.js';
import type { ViewContext } from '../layout/types.js';

/**
 * The council's comment policy in the reader's language if it has one, else in English (then
 * `lang` says so); empty text: the platform's default.
 */
export type PolicyView = LocalisedText;

/** The challenge's comment policy (or the platform's default), and the community guidelines. */
export function CommentPolicy({ ctx, policy }: { ctx: ViewContext; policy: PolicyView }) {
  const { t } = ctx;
  return (
    <div class="comment-policy">
      <h3>{t('comments.policy.title')}</h3>
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
