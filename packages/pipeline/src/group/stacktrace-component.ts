/**
 * @module `stacktraceVariants`: docs/protocol.md §6 Step 3. One stacktrace becomes two components: `app`, where only in-app
 * frames may count (so a bug in your code groups the same whichever library called it), and `system`, where
 * every frame may (the fallback when no app frame says anything). Frames stay oldest first.
 */

import type { StackFrame } from '@faultline/protocol';
import { applyEnhancementRules, isJavaScriptFrame } from './enhancement-rules.ts';
import { frameComponent, isUrl } from './frame-component.ts';
import { component, exclude, type GroupingComponent } from './grouping-component.ts';
import type { GroupingConfig } from './grouping-configs.ts';

export interface StacktraceVariants {
  app: GroupingComponent;
  system: GroupingComponent;
}

export function stacktraceVariants(frames: readonly StackFrame[], eventPlatform: string, config: GroupingConfig): StacktraceVariants {
  const { inApp, excluded } = applyEnhancementRules(frames, eventPlatform);
  const system: GroupingComponent[] = [];
  for (let i = 0; i < frames.length; i++) {
    system.push(frameComponent(frames[i], i > 0 ? frames[i - 1] : undefined, excluded[i], eventPlatform, config));
  }
  // A lone JS frame without a function name pointing at a URL is "somewhere in a bundle": it says nothing.
  if (frames.length === 1 && system[0].contributes && isJavaScriptFrame(frames[0], eventPlatform) && !frames[0].function) {
    const absPath = frames[0].abs_path;
    if (typeof absPath === 'string' && isUrl(absPath)) exclude(system[0], 'ignored single frame without function pointing to a URL');
  }
  const app = system.map((frame, i) =>
    inApp[i] || !frame.contributes ? frame : { ...frame, contributes: false, hint: 'non app frame' },
  );
  const appComponent = component('stacktrace', app);
  if (!inApp.includes(true)) exclude(appComponent, 'ignored because it contains no in-app frames');
  else if (!appComponent.contributes) appComponent.hint = 'ignored because no in-app frame contributes';
  const systemComponent = component('stacktrace', system);
  if (!systemComponent.contributes) systemComponent.hint = 'ignored because no frame contributes';
  return { app: appComponent, system: systemComponent };
}
