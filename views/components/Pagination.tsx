import type { T } from '../../src/i18n/index.js';

/** Keyset pagination links (plain links: they work without JavaScript). Renders nothing when there is only one page. */
export function Pagination({ t, nextHref, firstHref }: { t: T; nextHref: string | null; firstHref: string | null }) {
  if (!nextHref && !firstHref) return null;
  return (
    <nav aria-label={t('pagination.label')} class="pagination">
      <ul>
        {firstHref && (
          <li>
            <a href={firstHref}>{t('pagination.first')}</a>
          </li>
        )}
        {nextHref && (
          <li>
            <a href={nextHref} rel="next">
              {t('pagination.next')}
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
