/** @module A labelled <select> of a filter row (issues, performance): the label above, value → text options. */

export function FilterSelect(props: { label: string; value: string; onChange: (v: string) => void; options: Array<[string, string]>; name: string }) {
  return (
    <label className="filter">
      <span className="filter-label">{props.label}</span>
      <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}
