import { formatDate, type MessageKey, type T } from '../../src/i18n/index.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { CsrfField } from '../components/CsrfField.js';
import { ErrorSummary, Field, type FormErrors, type FormValues } from '../components/Form.js';
import { Paragraphs } from '../components/Paragraphs.js';
import { Time } from '../components/Time.js';

export type ItemView = {
  id: string;
  kindLabel: MessageKey;
  state: 'pending' | 'held' | 'dismissed' | 'hidden' | 'appealed' | 'restored';
  /** Where the content is shown (the live version). */
  url: string | null;
  snapshot: { title: string; body: string };
  /** Its words were erased after the retention period: the snapshot is empty. */
  erasedAt: Date | null;
  authorName: string | null;
  organisationName: string | null;
  atRisk: boolean;
  holdReason: 'premoderation' | 'newAccountLinks' | null;
  firstReportedAt: Date;
  rule: { number: number; label: MessageKey } | null;
  /** The author's request for a review, when they made one. */
  appeal: { at: Date; note: string } | null;
  reasons: { label: MessageKey; count: number }[];
  reports: { reason: MessageKey; note: string; createdAt: Date; reporterName: string; open: boolean }[];
  decisions: { action: MessageKey; rule: MessageKey | null; note: string; message: string; createdAt: Date; moderatorName: string | null }[];
  authorHistory: { kind: MessageKey; state: MessageKey; rule: MessageKey | null; createdAt: Date }[];
};

type Props = {
  ctx: ViewContext;
  item: ItemView;
  /** The decisions this moderator may take now (none: they may not decide, and `why` says so). */
  actions: readonly ('dismiss' | 'hide' | 'restore' | 'uphold')[];
  why: MessageKey | null;
  rules: { value: string; label: string }[];
  values: FormValues;
  errors?: FormErrors | undefined;
  /** The queue, with its filters, to come back to. */
  back: string;
  /** The suspension form, for a platform moderator who may suspend the author (its values and errors when sent back); null: not offered. */
  suspension: { values: FormValues; errors?: FormErrors | undefined } | null;
  /** The author is suspended (until a date, or indefinitely: null) and this platform moderator may lift it (its form's values and errors); null: not offered. */
  lift: { until: Date | null; values: FormValues; errors?: FormErrors | undefined } | null;
  /** The author's trust as set (a moderator's say, or 'auto'), for a platform moderator to change; null: not offered. */
  trust: 'trusted' | 'new' | 'auto' | null;
};

const labels = (t: T) => ({ action: t('moderation.decide.action'), rule: t('moderation.decide.rule'), note: t('moderation.decide.note'), message: t('moderation.decide.message') });

/**
 * One item of the queue: the content as it was first reported, the reports (reasons, notes,
 * who, when), the author's earlier decisions, this item's decisions, and the decision form.
 */
export function ItemPage({ ctx, item, actions, why, rules, values, errors, back, suspension, lift, trust }: Props) {
  const { t } = ctx;
  const kind = t(item.kindLabel);
  const title = t('moderation.item.title', { kind });
  const actionError = errors?.['action'];
  const ruleError = errors?.['rule'];
  return (
    <Page ctx={ctx} title={title}>
      <p class="breadcrumb">
        <a href={back}>{t('moderation.item.back')}</a>
      </p>
      <h1>{title}</h1>
      <p class="item-meta">
        {t(`moderation.state.${item.state}`)}
        {item.rule && <> · {t('moderation.rule.named', { number: item.rule.number, rule: t(item.rule.label) })}</>}
        {item.organisationName && <> · {item.organisationName}</>} · {t('moderation.item.author', { name: item.authorName ?? t('moderation.item.formerUser') })}
      </p>
      {item.appeal && (
        <div class="notice appeal">
          <p>{t('moderation.item.appeal', { date: formatDate(item.appeal.at, ctx.locale, 'dateTime') })}</p>
          <Paragraphs text={item.appeal.note} />
        </div>
      )}
      {item.holdReason && item.state === 'held' && <p class="notice">{t(`moderation.hold.${item.holdReason}`)}</p>}
      {item.atRisk && (
        <p class="notice notice-warning" role="note">
          {t('moderation.item.atRisk')}
        </p>
      )}
      <h2>{t('moderation.item.snapshot', { date: formatDate(item.firstReportedAt, ctx.locale, 'dateTime') })}</h2>
      {item.erasedAt ? (
        <p class="snapshot-erased">{t('moderation.item.erased', { date: formatDate(item.erasedAt, ctx.locale) })}</p>
      ) : (
        <blockquote class="snapshot">
          {item.snapshot.title && (
            <p>
              <strong>{item.snapshot.title}</strong>
            </p>
          )}
          <Paragraphs text={item.snapshot.body} />
        </blockquote>
      )}
      {item.url && (
        <p>
          <a href={item.url}>{t('moderation.item.live', { kind })}</a>
        </p>
      )}

      <h2>{t('moderation.item.reports')}</h2>
      {item.reasons.length > 0 && <p>{item.reasons.map((r) => `${t(r.label)} (${r.count})`).join(', ')}</p>}
      <ul class="reports">
        {item.reports.map((r) => (
          <li>
            <strong>{t(r.reason)}</strong> · {r.reporterName} · <Time at={r.createdAt} locale={ctx.locale} style="dateTime" />
            {!r.open && <> · {t('moderation.item.answered')}</>}
            {r.note && <p class="report-note">{r.note}</p>}
          </li>
        ))}
      </ul>

      <h2>{t('moderation.item.history')}</h2>
      {item.authorHistory.length === 0 ? (
        <p>{t('moderation.item.noHistory')}</p>
      ) : (
        <ul>
          {item.authorHistory.map((h) => (
            <li>
              {t(h.kind)} · {t(h.state)}
              {h.rule && <> · {t(h.rule)}</>} · <Time at={h.createdAt} locale={ctx.locale} style="date" />
            </li>
          ))}
        </ul>
      )}

      {item.decisions.length > 0 && (
        <>
          <h2>{t('moderation.item.decisions')}</h2>
          <ul>
            {item.decisions.map((d) => (
              <li>
                <strong>{t(d.action)}</strong>
                {d.rule && <> · {t(d.rule)}</>} · {d.moderatorName ?? t('moderation.item.formerUser')} · <Time at={d.createdAt} locale={ctx.locale} style="dateTime" />
                {d.note && <p>{d.note}</p>}
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>{t('moderation.decide.title')}</h2>
      {actions.length === 0 ? (
        <p>{t(why ?? 'moderation.policy.notModerator')}</p>
      ) : (
        <>
          <ErrorSummary t={t} errors={errors} labels={labels(t)} />
          <form method="post" action={`/moderation/items/${item.id}/decide`} novalidate class="decide-form">
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="seen" value={item.state} />
            <input type="hidden" name="back" value={back} />
            <fieldset class={`field${actionError ? ' field-error' : ''}`} id="action" tabindex={-1}>
              <legend>{t('moderation.decide.action')}</legend>
              {actionError && <p class="error-message">{t(actionError)}</p>}
              {actions.map((a) => (
                <label class="choice">
                  <input type="radio" name="action" value={a} checked={values['action'] === a} /> {t(a === 'dismiss' && item.holdReason && item.state === 'held' ? 'moderation.action.approve' : `moderation.action.${a}`)}
                </label>
              ))}
            </fieldset>
            {actions.includes('hide') && (
              <RuleSelect ctx={ctx} id="rule" rules={rules} selected={values['rule']} error={ruleError} hint={t('moderation.decide.rule.hint')} />
            )}
            <Field t={t} name="note" type="textarea" rows={3} label={t('moderation.decide.note')} hint={t('moderation.decide.note.hint')} value={values['note']} error={errors?.['note']} maxLength={1000} required={false} />
            {actions.includes('hide') && (
              <Field t={t} name="message" type="textarea" rows={3} label={t('moderation.decide.message')} hint={t('moderation.decide.message.hint')} value={values['message']} error={errors?.['message']} maxLength={1000} required={false} />
            )}
            <div class="form-actions">
              <button type="submit" class="button">
                {t('moderation.decide.submit')}
              </button>
            </div>
          </form>
        </>
      )}
      {trust && (
        <section class="trust" aria-labelledby="trust-title">
          <h2 id="trust-title">{t('moderation.trust.title')}</h2>
          <p>{t(`moderation.trust.now.${trust}`)}</p>
          <form method="post" action={`/moderation/items/${item.id}/trust`} class="trust-form">
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="back" value={back} />
            <fieldset class="field">
              <legend>{t('moderation.trust.set')}</legend>
              {(['trusted', 'new', 'auto'] as const).map((v) => (
                <label class="choice">
                  <input type="radio" name="trust" value={v} checked={trust === v} /> {t(`moderation.trust.level.${v}`)}
                </label>
              ))}
            </fieldset>
            <div class="form-actions">
              <button type="submit" class="button button-secondary">
                {t('moderation.trust.submit')}
              </button>
            </div>
          </form>
        </section>
      )}
      {suspension && <SuspendForm ctx={ctx} itemId={item.id} rules={rules} back={back} values={suspension.values} errors={suspension.errors} />}
      {lift && (
        <section class="lift" aria-labelledby="lift-title">
          <h2 id="lift-title">{t('moderation.lift.title')}</h2>
          <p>{lift.until ? t('moderation.lift.until', { date: formatDate(lift.until, ctx.locale) }) : t('moderation.lift.indefinitely')}</p>
          <ErrorSummary t={t} errors={lift.errors && Object.fromEntries(Object.entries(lift.errors).map(([k, v]) => [k === 'why' ? 'lift-why' : k, v]))} labels={{ 'lift-why': t('moderation.decide.note') }} />
          <form method="post" action={`/moderation/items/${item.id}/lift`} novalidate class="lift-form">
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="back" value={back} />
            <Field t={t} id="lift-why" name="why" type="textarea" rows={2} label={t('moderation.decide.note')} value={lift.values['why']} error={lift.errors?.['why']} maxLength={1000} />
            <div class="form-actions">
              <button type="submit" class="button button-secondary">
                {t('moderation.lift.submit')}
              </button>
            </div>
          </form>
        </section>
      )}
    </Page>
  );
}

/** The guidelines' rules as a labelled select (`name="rule"`), with its hint and error; its id differs per form on the page. */
function RuleSelect({ ctx, id, rules, selected, error, hint }: { ctx: ViewContext; id: string; rules: { value: string; label: string }[]; selected: string | undefined; error: MessageKey | undefined; hint?: string }) {
  const { t } = ctx;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={id}>{t('moderation.decide.rule')}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error-message" id={`${id}-error`}>
          {t(error)}
        </p>
      )}
      <select id={id} name="rule" aria-describedby={described}>
        <option value="">{t('moderation.decide.rule.none')}</option>
        {rules.map((r) => (
          <option value={r.value} selected={selected === r.value}>
            {r.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const suspendLabels = (t: T) => ({ 'suspend-rule': t('moderation.decide.rule'), why: t('moderation.decide.note'), until: t('moderation.suspend.until') });

/** Suspending the author: the rule, the reasons, an end date (or none), and whether to hide what they posted. */
function SuspendForm({ ctx, itemId, rules, back, values, errors }: { ctx: ViewContext; itemId: string; rules: { value: string; label: string }[]; back: string; values: FormValues; errors?: FormErrors | undefined }) {
  const { t } = ctx;
  const untilError = errors?.['until'];
  const ruleError = errors?.['rule'];
  return (
    <section class="suspend" aria-labelledby="suspend-title">
      <h2 id="suspend-title">{t('moderation.suspend.title')}</h2>
      <p>{t('moderation.suspend.lead')}</p>
      {/* The rule's select has an id of its own on this page (the decision form has one too): the summary links to it. */}
      <ErrorSummary t={t} errors={errors && Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === 'rule' ? 'suspend-rule' : k, v]))} labels={suspendLabels(t)} />
      <form method="post" action={`/moderation/items/${itemId}/suspend`} novalidate class="suspend-form">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="back" value={back} />
        <RuleSelect ctx={ctx} id="suspend-rule" rules={rules} selected={values['rule']} error={ruleError} />
        <div class={`field${untilError ? ' field-error' : ''}`}>
          <label for="until">
            {t('moderation.suspend.until')} <span class="optional">{t('form.optional')}</span>
          </label>
          <p class="hint" id="until-hint">
            {t('moderation.suspend.until.hint')}
          </p>
          {untilError && (
            <p class="error-message" id="until-error">
              {t(untilError)}
            </p>
          )}
          <input type="date" id="until" name="until" value={values['until'] ?? ''} aria-describedby={untilError ? 'until-hint until-error' : 'until-hint'} />
        </div>
        <Field t={t} name="why" type="textarea" rows={3} label={t('moderation.decide.note')} value={values['why']} error={errors?.['why']} maxLength={1000} />
        <div class="field">
          <label class="choice" for="hideContent">
            <input type="checkbox" id="hideContent" name="hideContent" value="yes" checked={values['hideContent'] === 'yes'} /> {t('moderation.suspend.hideContent')}
          </label>
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-danger">
            {t('moderation.suspend.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
