/**
 * @module The digest stage that source-maps JavaScript and Node stack frames before grouping, so issues group on
 * original function names and files (a redeploy with new bundle hashes lands in the same issue). Bad or missing
 * maps never fail the event: the symbolicator records processing errors and keeps the minified frames.
 */
import type { EventStage } from '../worker/digest-hooks.ts';
import type { App } from '../app.ts';
import { artifactServices } from './artifact-services.ts';
import { StoreArtifactLookup } from './store-artifact-lookup.ts';

const JS_PLATFORMS = new Set(['javascript', 'node']);

export function createSymbolicateStage(app: App): EventStage {
  const { blobs, symbolicator, debugIdHits, debugIdMisses, bundleUses } = artifactServices(app);
  return async (ctx, event) => {
    if (!JS_PLATFORMS.has(event.platform) && !event.debug_meta?.images.some((i) => i.type === 'sourcemap')) return;
    try {
      await symbolicator.symbolicateEvent(event, new StoreArtifactLookup(ctx.tx, blobs, ctx.orgId, ctx.projectId, debugIdHits, debugIdMisses, bundleUses));
    } catch (err) {
      // A store failure here must not lose the event: it is kept minified, with the reason on it.
      app.log.error('symbolication failed', { event_id: event.event_id, err });
      event.errors.push({ type: 'js_processing_failed', reason: `symbolication failed: ${(err as Error).message}` });
    }
  };
}
