import type { MessageKey } from '../../src/i18n/index.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';

type Props = {
  ctx: ViewContext;
  ideaId: string;
  challengeId: string;
  /** The rule it was hidden under, or 'held' while reports wait for a decision. */
  hidden: { number: number; label: MessageKey } | 'held' | 'awaiting' | null;
  /** Its author, signed in, may ask for a review. */
  appeal: boolean;
};

/**
 * A shared link to an idea the moderators hid: the page explains (which rule, where the rules
 * are) instead of erroring, and shows nothing of the idea, not even its title.
 */
export function HiddenIdeaPage({ ctx, ideaId, challengeId, hidden, appeal }: Props) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t(hidden === 'awaiting' ? 'ideas.awaiting.title' : 'ideas.hidden.title')}>
      <div class="narrow">
        <p class="breadcrumb">
          <a href={`/challenges/${challengeId}`}>{t('ideas.hidden.back')}</a>
        </p>
        <h1>{t(hidden === 'awaiting' ? 'ideas.awaiting.title' : 'ideas.hidden.title')}</h1>
        <p>{hidden === 'awaiting' ? t('ideas.awaiting.body') : hidden && hidden !== 'held' ? t('ideas.hidden.rule', { number: hidden.number, rule: t(hidden.label) }) : t('ideas.hidden.held')}</p>
        <p>
          <a href="/guidelines#rules">{t('ideas.hidden.guidelines')}</a>
        </p>
        {appeal && (
          <p>
            <a href={`/appeal/idea/${ideaId}`}>{t('ideas.hidden.appeal')}</a>
          </p>
        )}
      </div>
    </Page>
  );
}
