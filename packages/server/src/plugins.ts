/**
 * @module Registers the optional digest stages and item processors (symbolication, alerts, …) on the app's hooks.
 * Each feature adds one line here; main.ts stays unaware of them.
 */
import type { App } from './app.ts';
import { createSymbolicateStage } from './sourcemaps/symbolicate-stage.ts';
import { installAlerts } from './alerts/install-alerts.ts';
import { installReplays } from './replays/install-replays.ts';
import { installTracing } from './tracing/install-tracing.ts';

export async function installPlugins(app: App): Promise<void> {
  app.hooks.beforeGroup.push(createSymbolicateStage(app));
  installAlerts(app);
  installReplays(app);
  installTracing(app);
}
