/**
 * @module The afterStore listener: evaluates the project's alert rules for each stored event and, when one fires,
 * writes one delivery row per action, all inside the digest transaction. No network here: sending is the
 * delivery loop's job, so a slow webhook never slows digest, and a rolled-back batch leaves no notification.
 *
 * The brakes, cheapest first: filters; "fired for this issue less than `frequency` minutes ago" (one indexed
 * read); event counts only for frequency conditions that can still decide; then an atomic claim of the fire
 * (several nodes agree) and the project's hourly cap per notification.
 */
import { firingCondition, passesFilters, quietMinutes, type AlertFacts } from '@faultline/pipeline';
import { claimRuleFire, enqueueDelivery, getIssue, lastRuleFire, recentEventCount, takeNotificationSlot, type IssueRow } from '@faultline/store';
import type { StoredListener } from '../worker/digest-hooks.ts';
import { buildAlertPayload } from './alert-payload.ts';
import type { RuleCache } from './rule-cache.ts';

const MINUTE = 60_000;

export interface ListenerDeps {
  rules: RuleCache;
  /** Notifications per project per clock hour; 0: no cap. */
  hourlyCap: number;
  /** Rows were queued (they are visible once digest commits). */
  onQueued(): void;
}

export function createAlertListener(deps: ListenerDeps): StoredListener {
  return async (ctx, info) => {
    const found = await deps.rules.get(ctx.tx, info.projectId);
    if (!found) return;
    const { event } = info;
    const facts: AlertFacts = {
      isNewIssue: info.isNewIssue,
      regressed: info.regressed,
      escalated: info.escalated,
      level: event.level,
      environment: event.environment,
      tags: event.tags,
    };
    const now = Date.now();
    const eventTs = Math.round(event.timestamp * 1000);
    let issue: IssueRow | undefined;
    let queued = 0;
    for (const rule of found.rules) {
      if (!passesFilters(rule, facts)) continue;
      const last = await lastRuleFire(ctx.tx, rule.id, info.issueId);
      if (last !== undefined && now - last < rule.frequency * MINUTE) continue;
      const fired = await firingCondition(rule, facts, (minutes, moreThan) => recentEventCount(ctx.tx, info.issueId, eventTs, minutes, moreThan));
      if (!fired) continue;
      if (!(await claimRuleFire(ctx.tx, rule.id, info.issueId, now, quietMinutes(rule, fired) * MINUTE))) continue;
      issue ??= await getIssue(ctx.tx, info.issueId);
      if (!issue) return;
      const payload = buildAlertPayload({ rule: { id: rule.id, name: rule.name }, fired, project: found.project, orgSlug: found.orgSlug, issue, event });
      for (const action of rule.actions) {
        if (deps.hourlyCap > 0 && !(await takeNotificationSlot(ctx.tx, info.projectId, now, deps.hourlyCap))) continue;
        await enqueueDelivery(ctx.tx, {
          projectId: info.projectId,
          ruleId: rule.id,
          issueId: info.issueId,
          actionType: action.id,
          // The webhook secret travels with the action, so a retry signs exactly as the first attempt did.
          action: action.id === 'webhook' ? { ...action, secret: rule.secret } : action,
          payload,
          trigger: fired.id,
          now,
        });
        queued++;
      }
    }
    if (queued > 0) deps.onQueued();
  };
}
