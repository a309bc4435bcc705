/**
 * @module Wires issue alerts into a server: the afterStore listener (rules → outbox rows, in digest), the delivery
 * loop (outbox → email/Slack/PagerDuty/webhooks) and its hourly clean-up on digest nodes, the rule cache the API
 * invalidates, and the default rule of new projects — all through the app's hooks, its state on `app.plugins.alerts`.
 */
import type { App } from '../app.ts';
import { defaultFrom, Mailer } from '../notifiers/mailer.ts';
import { SEND_TIMEOUT_MS } from '../notifiers/notifier.ts';
import { OutboundPolicy } from '../notifiers/outbound-policy.ts';
import { createAlertListener } from './alert-listener.ts';
import { addDefaultAlertRule } from './default-alert-rule.ts';
import { alertPruneJob } from './alert-prune-job.ts';
import { DeliveryLoop } from './delivery-loop.ts';
import { queueResolveNotifications } from './resolve-notifications.ts';
import { RuleCache } from './rule-cache.ts';

export interface AlertsRuntime {
  rules: RuleCache;
  loop: DeliveryLoop | null;
  emailConfigured: boolean;
  /** Where Slack, PagerDuty and webhook notifications may connect (`--alert-allow-hosts`). */
  outbound: OutboundPolicy;
  /** Issues were resolved through the API: resolve the PagerDuty incidents their alerts opened. */
  issuesResolved(issueIds: number[]): Promise<void>;
}

declare module '../app.ts' {
  interface PluginStates {
    alerts?: AlertsRuntime;
  }
}

export function installAlerts(app: App): void {
  const { config } = app;
  const rules = new RuleCache(app.log);
  const mailer = config.smtpUrl ? new Mailer(config.smtpUrl, config.emailFrom ?? defaultFrom(app.publicUrl), SEND_TIMEOUT_MS) : null;
  const outbound = new OutboundPolicy(config.alertAllowHosts);
  const counted = app.registry.counter('faultline_alert_attempts_total', 'Alert notification attempts, by what the delivery became (sent, pending = will retry, failed = gave up)');
  const loop = app.runsDigest
    ? new DeliveryLoop({
        db: app.db,
        log: app.log,
        notifiers: { db: app.db, mailer, outbound },
        publicUrl: () => app.publicUrl,
        retryBaseMs: config.alertRetryBaseMs,
        onAttempt: (status) => counted({ status }),
      })
    : null;
  app.hooks.afterStore.push(createAlertListener({ rules, hourlyCap: config.alertHourlyCap, onQueued: () => loop?.notifySoon() }));
  const prune = loop ? alertPruneJob(app.db, app.log) : null;
  app.background.push({
    start: () => {
      loop?.start();
      prune?.start();
    },
    stop: async () => {
      await prune?.stop();
      await loop?.stop();
      mailer?.close();
    },
  });
  const issuesResolved = (ids: number[]) => queueResolveNotifications(app.db, ids, () => (loop ? loop.notifySoon() : app.worker?.changed({ kind: 'outbox' })));
  app.hooks.issuesResolved.push(issuesResolved);
  app.hooks.projectCreated.push(async (projectId) => {
    await addDefaultAlertRule(app.db, config, projectId);
  });
  app.hooks.changed.push((change) => {
    if (change.kind === 'rules') rules.invalidate(change.projectId);
    else if (change.kind === 'outbox') loop?.notifySoon();
  });
  app.plugins.alerts = {
    rules,
    loop,
    emailConfigured: mailer !== null,
    outbound,
    issuesResolved,
  };
}

export function alertsOf(app: App): AlertsRuntime {
  const rt = app.plugins.alerts;
  if (!rt) throw new Error('alerts are not installed on this server');
  return rt;
}
