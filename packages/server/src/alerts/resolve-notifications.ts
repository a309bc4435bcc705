/**
 * @module Resolving an issue through the API resolves the PagerDuty incidents its alerts opened: for every active
 * rule that fired for the issue and has a PagerDuty action, one `resolve` delivery (same dedup_key, the issue
 * id). Not subject to the hourly cap: a resolve pages nobody, it ends a page.
 */
import { enqueueDelivery, getIssue, pagerDutyRulesFiredFor, ruleFromRow, type Db } from '@faultline/store';
import { buildAlertPayload } from './alert-payload.ts';

export async function queueResolveNotifications(db: Db, issueIds: number[], onQueued: () => void): Promise<void> {
  let queued = 0;
  for (const issueId of issueIds) {
    const rows = await pagerDutyRulesFiredFor(db, issueId);
    if (rows.length === 0) continue;
    const issue = await getIssue(db, issueId);
    if (!issue) continue;
    const now = Date.now();
    for (const row of rows) {
      const rule = ruleFromRow(row);
      const payload = buildAlertPayload({
        rule: { id: rule.id, name: rule.name },
        fired: { id: 'first_seen' },
        project: { id: rule.projectId, slug: row.project_slug, name: row.project_name },
        orgSlug: row.org_slug,
        issue,
        event: { event_id: issue.last_event_id ?? '', timestamp: now / 1000, received: now / 1000, level: 'info', platform: issue.platform ?? 'other', type: 'default', tags: [], contexts: {}, errors: [] },
      });
      payload.trigger = { id: 'resolved', label: 'Resolved' };
      for (const action of rule.actions) {
        if (action.id !== 'pagerduty') continue;
        await enqueueDelivery(db, { projectId: rule.projectId, ruleId: rule.id, issueId, actionType: 'pagerduty', action, payload, trigger: 'resolved', now });
        queued++;
      }
    }
  }
  if (queued > 0) onQueued();
}
