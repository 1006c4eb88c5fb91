type Props = {
  id: string;
  /** The field's name; the id by default. */
  name?: string;
  label: string;
  options: readonly { value: string; label: string }[];
  selected: string | undefined;
  /** The label of a first, empty option ("Any"), when the choice is optional. */
  any?: string;
  /** "field" (label above) or "field-inline" (label beside, in a row of filters). */
  class?: 'field' | 'field-inline';
};

/** A labelled drop-down, as the list filters use it. */
export function Select({ id, name = id, label, options, selected, any, class: cls = 'field' }: Props) {
  return (
    <div class={cls}>
      <label for={id}>{label}</label>{' '}
      <select id={id} name={name}>
        {any !== undefined && <option value="">{any}</option>}
        {options.map((o) => (
          <option value={o.value} selected={selected === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
