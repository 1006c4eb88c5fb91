/** Plain text split into paragraphs on blank lines (descriptions, bios, rules: text that is not markdown). */
export function Paragraphs({ text }: { text: string }) {
  const paras = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <>
      {paras.map((p) => (
        <p>{p}</p>
      ))}
    </>
  );
}

/**
 * Paragraphs in the reader's language when there is a French version (and the reader reads
 * French), else the English, marked `lang="en"` for a French reader. Nothing when both are empty.
 */
export function LocalisedParagraphs({ locale, en, fr, class: cls }: { locale: 'en' | 'fr'; en: string; fr: string | null; class?: string }) {
  const text = locale === 'fr' && fr ? fr : en;
  if (!text) return null;
  return (
    <div class={cls} lang={locale === 'fr' && !fr ? 'en' : undefined}>
      <Paragraphs text={text} />
    </div>
  );
}
