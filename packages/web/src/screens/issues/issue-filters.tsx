/**
 * @module The filter row of the issues list. Project, environment and time range are URL parameters; status, level
 * and release edit tokens of the search query itself, so what the menus show and what the search says never disagree.
 */
import type { Project, TagValue } from '../../lib/api-types.ts';
import { getToken } from '../../lib/query-tokens.ts';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { FilterSelect } from '../../components/filter-select.tsx';

export interface FilterState {
  query: string;
  project: string;
  environment: string;
  statsPeriod: string;
  sort: string;
}

export const SORTS: Array<[string, string]> = [
  ['date', 'Last seen'],
  ['new', 'First seen'],
  ['freq', 'Events'],
  ['user', 'Users'],
];

const PERIODS: Array<[string, string]> = [
  ['', 'Any time'],
  ['1h', 'Last hour'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['14d', 'Last 14 days'],
  ['30d', 'Last 30 days'],
  ['90d', 'Last 90 days'],
];

const STATUSES: Array<[string, string]> = [
  ['unresolved', 'Unresolved'],
  ['resolved', 'Resolved'],
  ['ignored', 'Ignored'],
  ['', 'Any status'],
];

const LEVELS = ['fatal', 'error', 'warning', 'info', 'debug'];

export function IssueFilters(props: {
  state: FilterState;
  projects: Project[] | undefined;
  onParam: (name: 'project' | 'environment' | 'statsPeriod' | 'sort', value: string) => void;
  onToken: (key: string, value: string | null) => void;
}) {
  const org = useOrg();
  const { state } = props;
  const scope = { project: state.project || undefined };
  const envs = useApi<TagValue[]>(`/organizations/${org}/tags/environment/values/`, scope);
  const releases = useApi<TagValue[]>(`/organizations/${org}/tags/release/values/`, scope);
  const withCurrent = (values: string[], current: string | undefined) => (current && !values.includes(current) ? [current, ...values] : values);
  const status = getToken(state.query, 'is') ?? '';
  const level = getToken(state.query, 'level') ?? '';
  const release = getToken(state.query, 'release') ?? '';

  return (
    <div className="filters" role="group" aria-label="Filters">
      <FilterSelect
        name="project"
        label="Project"
        value={state.project}
        onChange={(v) => props.onParam('project', v)}
        options={[['', 'All projects'], ...(props.projects ?? []).map((p): [string, string] => [p.id, p.name])]}
      />
      <FilterSelect
        name="environment"
        label="Environment"
        value={state.environment}
        onChange={(v) => props.onParam('environment', v)}
        options={[['', 'All environments'], ...withCurrent((envs.data ?? []).map((v) => v.value), state.environment).map((v): [string, string] => [v, v])]}
      />
      <FilterSelect name="status" label="Status" value={status} onChange={(v) => props.onToken('is', v || null)} options={STATUSES} />
      <FilterSelect
        name="level"
        label="Level"
        value={level}
        onChange={(v) => props.onToken('level', v || null)}
        options={[['', 'Any level'], ...withCurrent(LEVELS, level).map((l): [string, string] => [l, l])]}
      />
      <FilterSelect
        name="release"
        label="Release"
        value={release}
        onChange={(v) => props.onToken('release', v || null)}
        options={[['', 'Any release'], ...withCurrent((releases.data ?? []).map((v) => v.value), release).map((v): [string, string] => [v, v])]}
      />
      <FilterSelect name="statsPeriod" label="Seen" value={state.statsPeriod} onChange={(v) => props.onParam('statsPeriod', v)} options={PERIODS} />
      <FilterSelect name="sort" label="Sort by" value={state.sort} onChange={(v) => props.onParam('sort', v)} options={SORTS} />
    </div>
  );
}
