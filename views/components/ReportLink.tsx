/**
 * "Report this …": a link to the report form of any reportable content (src/features/moderation).
 * A plain link, the same for everyone (anonymous pages are cached): signing in comes on the way.
 */
export function ReportLink({ kind, id, label }: { kind: string; id: string; label: string }) {
  return (
    <p class="report-link">
      <a href={`/report/${kind}/${id}`}>{label}</a>
    </p>
  );
}
