/**
 * @module A project's fingerprint rules (Sentry's Issue Grouping → Fingerprint Rules): the `fingerprintingRules`
 * text on the project, one `matcher:value -> fingerprint` rule a line. New events are grouped by the first rule
 * that matches, before the built-in rules, and it replaces the SDK's own fingerprint; events already stored stay
 * in their issues. A rule that does not parse is refused with the line it is on.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api-client.ts';
import type { Project } from '../../lib/api-types.ts';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { useAction } from '../../lib/use-action.ts';
import { PageHeader } from '../../components/shell.tsx';
import { ErrorState, FormError, Loading } from '../../components/states.tsx';
import { ProjectSettingsTabs } from './project-settings-tabs.tsx';
import { SettingsLayout } from './settings-layout.tsx';

const EXAMPLE = '# Group every declined payment by region\ntype:PaymentDeclined -> payments, {{ tags.region }}';

export function GroupingScreen({ slug }: { slug: string }) {
  const org = useOrg();
  const path = `/projects/${org}/${slug}/`;
  const project = useApi<Project>(path);
  // The text being edited; until the user types, the stored rules (so the form never shows an empty draft first).
  const [draft, setDraft] = useState<string | null>(null);
  const rules = draft ?? project.data?.fingerprintingRules ?? '';
  const { error, run } = useAction(project.reload);
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api.put(path, { fingerprintingRules: rules }));
  };

  const body = project.error ? (
    <ErrorState error={project.error} onRetry={project.reload} />
  ) : !project.data ? (
    <Loading label="Loading project…" />
  ) : (
    <>
      <PageHeader title={`${project.data.name}: issue grouping`} sub="New events are grouped by the first rule that matches; events already stored stay in their issues." />
      <ProjectSettingsTabs slug={slug} />
      <form className="card form form-inline-card" onSubmit={save} aria-label="Fingerprint rules">
        <label className="field">
          <span>Fingerprint rules</span>
          <small>
            One rule a line: matchers (type, value, message, module, function, path, family, level, tags.name …; ! negates), then -&gt; and the fingerprint.
            {' {{ default }}'} keeps the default grouping and splits it further; title="…" names the issue. A matching rule replaces the SDK's fingerprint.
          </small>
          <textarea className="code-input" rows={8} spellCheck={false} value={rules} onChange={(e) => setDraft(e.target.value)} placeholder={EXAMPLE} />
        </label>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            Save
          </button>
        </div>
        <FormError error={error} />
      </form>
    </>
  );
  return <SettingsLayout>{body}</SettingsLayout>;
}
