/** Text with the entities our views escape turned back into characters. */
export const unescapeHtml = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/**
 * The values a browser would submit from the form posting to `action` on this page, as it stands
 * (text inputs, hidden fields, checked boxes and radios, textareas, selected options).
 */
export function formValues(html: string, action: string): Record<string, string | string[]> {
  const form = new RegExp(`<form\\b[^>]*action="${action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>([\\s\\S]*?)</form>`).exec(html)?.[1];
  if (form === undefined) throw new Error(`no form posting to ${action}`);
  const values: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const v = unescapeHtml(value);
    const had = values[name];
    values[name] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  };
  const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  for (const tag of form.match(/<input\b[^>]*>/g) ?? []) {
    const name = attr(tag, 'name');
    const type = attr(tag, 'type') ?? 'text';
    if (!name || type === 'submit' || ((type === 'checkbox' || type === 'radio') && !/\schecked(=|\s|>|\/)/.test(tag))) continue;
    add(name, attr(tag, 'value') ?? (type === 'checkbox' ? 'on' : ''));
  }
  for (const m of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attr(m[1]!, 'name');
    if (name) add(name, m[2]!);
  }
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attr(m[1]!, 'name');
    if (!name) continue;
    for (const opt of m[2]!.match(/<option\b[^>]*>/g) ?? []) if (/\sselected(=|\s|>)/.test(opt)) add(name, attr(opt, 'value') ?? '');
  }
  return values;
}
