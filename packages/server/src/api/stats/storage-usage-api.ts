/**
 * @module `GET /api/0/organizations/{org}/storage-usage/` (Faultline's own, for the Stats page): rows and stored
 * bytes per visible project, for events, session replays (kind `replays`: recording segments) and each raw item type.
 */
import { storageUsage } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { sendJson } from '../../http/respond.ts';
import { orgFromParams, visibleProjects } from '../access.ts';

export async function getStorageUsage(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const projects = await visibleProjects(ctx, org.id);
  const rows = await storageUsage(ctx.app.db, projects.map((p) => p.id));
  sendJson(
    ctx.res,
    200,
    projects.map((p) => {
      const kinds = rows.filter((r) => r.project_id === p.id).sort((a, b) => b.bytes - a.bytes);
      return {
        id: String(p.id),
        slug: p.slug,
        rows: kinds.reduce((s, k) => s + k.rows, 0),
        bytes: kinds.reduce((s, k) => s + k.bytes, 0),
        kinds: kinds.map((k) => ({ kind: k.kind, rows: k.rows, bytes: k.bytes })),
      };
    }),
  );
}
