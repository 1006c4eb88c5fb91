export type LinkItem = { href: string; label: string; class?: string };

/** A list of links (navigation, related pages); `false` entries are links this reader does not get. */
export function LinkList({ links, class: cls }: { links: (LinkItem | false)[]; class?: string }) {
  return (
    <ul class={cls}>
      {links
        .filter((l): l is LinkItem => l !== false)
        .map((l) => (
          <li>
            <a href={l.href} class={l.class}>
              {l.label}
            </a>
          </li>
        ))}
    </ul>
  );
}
