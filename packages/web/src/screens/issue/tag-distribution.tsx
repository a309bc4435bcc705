/** @module How an issue's events split across each tag's values, as labelled percentage bars. */
import type { IssueTag } from '../../lib/api-types.ts';
import { Link } from '../../components/link.tsx';
import { quote } from '../../lib/query-tokens.ts';

export function TagDistribution({ tags, limit = 5, headingLevel = 3 }: { tags: IssueTag[]; limit?: number; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="tag-dists">
      {tags.map((t) => (
        <div key={t.key} className="tag-dist" id={`tag-${encodeURIComponent(t.key)}`}>
          <H className="tag-dist-title">
            {t.key}
            <span className="muted"> · {t.uniqueValues} value{t.uniqueValues === 1 ? '' : 's'}</span>
          </H>
          <ul className="tag-bars" aria-label={`${t.key} values`}>
            {t.topValues.slice(0, limit).map((v) => {
              const pct = t.totalValues ? Math.round((v.count / t.totalValues) * 100) : 0;
              return (
                <li key={v.value} className="tag-bar">
                  <span className="tag-bar-fill" style={{ width: `${Math.max(pct, 1)}%` }} aria-hidden="true" />
                  <Link to={`/issues/?query=${encodeURIComponent(`${t.key}:${quote(v.value)}`)}`} className="tag-bar-label" title={v.value}>
                    {v.value}
                  </Link>
                  <span className="tag-bar-pct">{pct}%</span>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </div>
  );
}
