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
