/**
 * @module The filter row the performance screens share: period (24h / 7d / 14d), project, environment and, on
 * the list, a search for part of the transaction name. All of it lives in the URL.
 */
import { useState, type FormEvent } from 'react';
import type { Project, TagValue } from '../../lib/api-types.ts';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { FilterSelect } from '../../components/filter-select.tsx';
import { PERIODS, type PerfFilters } from './discover.ts';

export function PerfFilterBar(props: { filters: PerfFilters; onChange: (changes: Partial<Record<'statsPeriod' | 'project' | 'environment' | 'query', string>>) => void; withSearch?: boolean; withProject?: boolean }) {
  const org = useOrg();
  const { filters: f } = props;
  const projects = useApi<Project[]>(props.withProject === false ? null : `/organizations/${org}/projects/`);
  const envs = useApi<TagValue[]>(`/organizations/${org}/tags/environment/values/`, { project: f.project || undefined, dataset: 'transactions' });
  const envValues = (envs.data ?? []).map((v) => v.value);
  if (f.environment && !envValues.includes(f.environment)) envValues.unshift(f.environment);
  const [text, setText] = useState(f.search);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onChange({ query: text.trim() });
  };
  return (
    <div className="perf-filters">
      <div className="segmented" role="group" aria-label="Period">
        {PERIODS.map(([p, label]) => (
          <button key={p} type="button" className="segmented-item" aria-pressed={p === f.statsPeriod} title={`Last ${label}`} onClick={() => props.onChange({ statsPeriod: p })}>
            {p}
          </button>
        ))}
      </div>
      <div className="filters" role="group" aria-label="Filters">
        {props.withProject !== false && (
          <FilterSelect
            name="project"
            label="Project"
            value={f.project}
            onChange={(v) => props.onChange({ project: v })}
            options={[['', 'All projects'], ...(projects.data ?? []).map((p): [string, string] => [p.id, p.slug])]}
          />
        )}
        <FilterSelect name="environment" label="Environment" value={f.environment} onChange={(v) => props.onChange({ environment: v })} options={[['', 'All environments'], ...envValues.map((v): [string, string] => [v, v])]} />
        {props.withSearch && (
          <form className="perf-search" role="search" onSubmit={submit}>
            <label className="filter">
              <span className="filter-label">Transaction</span>
              <input type="search" name="query" placeholder="Part of the name, e.g. /checkout" value={text} onChange={(e) => setText(e.target.value)} />
            </label>
            <button type="submit" className="btn btn-small">
              Search
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
