import type { ViewContext } from '../layout/types.js';

type IdeaCard = { id: string; title: string; summary: string };

export function IdeaList({ ctx, challengeId, items }: { ctx: ViewContext; challengeId: string; items: IdeaCard[] }) {
  const { t } = ctx;
  return (
    <section id="ideas" aria-labelledby="ideas-title" data-challenge={challengeId}>
      <h2 id="ideas-title">{t('ideas.title')}</h2>
      <ul class="idea-list">
        {items.map((i) => (
          <li class="card">
            <h3>
              <a href={`/ideas/${i.id}`}>{i.title}</a>
            </h3>
            <p>{i.summary}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
