import { localise } from '../../src/i18n/localise.js';
import { ConfirmPage } from '../layout/ConfirmPage.js';
import type { ViewContext } from '../layout/types.js';

type Props = {
  ctx: ViewContext;
  challenge: { id: string; title: string; titleFr: string | null };
  /** Closing early or archiving: neither can be undone. */
  transition: 'close' | 'archive';
};

/** "Close this challenge early?" / "Archive this challenge?": what it does, then the POST that does it. */
export function ConfirmStatePage({ ctx, challenge, transition }: Props) {
  const { t, locale } = ctx;
  const title = localise(locale, challenge.title, challenge.titleFr);
  const path = `/challenges/${challenge.id}`;
  return (
    <ConfirmPage
      ctx={ctx}
      title={t(`challenges.confirm.${transition}.title`)}
      breadcrumb={
        <p class="breadcrumb">
          <a href={path} lang={title.lang}>
            {title.text}
          </a>
        </p>
      }
      action={`${path}/${transition}`}
      confirm={t(`challenges.confirm.${transition}.submit`)}
      cancelHref={path}
    >
      <p>{t(`challenges.confirm.${transition}.lead`)}</p>
      <p>{t('challenges.confirm.final')}</p>
    </ConfirmPage>
  );
}
