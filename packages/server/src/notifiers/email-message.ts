/** @module The alert email: subject, plain text and a simple HTML body with the same facts and the issue link. */
import { issueUrl, type AlertPayload } from '../alerts/alert-payload.ts';

export function alertEmail(payload: AlertPayload, publicUrl: string): { subject: string; text: string; html: string } {
  const { issue, event, project, trigger, rule } = payload;
  const link = issueUrl(publicUrl, issue.id);
  const settings = `${publicUrl}/projects/${encodeURIComponent(project.slug)}/alerts/`;
  const rows: Array<[string, string]> = [
    ['Issue', issue.shortId],
    ['Level', event.level],
    ['Environment', event.environment ?? '—'],
    ['Release', event.release ?? '—'],
    ['Events', `${issue.count} (${issue.userCount} ${issue.userCount === 1 ? 'user' : 'users'})`],
    ['First seen', new Date(issue.firstSeen).toISOString()],
    ['Last seen', new Date(issue.lastSeen).toISOString()],
  ];
  const subject = clip(`[Faultline] ${trigger.label} in ${project.name}: ${oneLine(issue.title)}`, 200);
  const text = [
    `${trigger.label} in ${project.name}`,
    '',
    issue.title,
    ...(issue.culprit ? [issue.culprit] : []),
    '',
    ...rows.map(([k, v]) => `${`${k}:`.padEnd(13)}${v}`),
    '',
    `View the issue: ${link}`,
    '',
    `-- \nSent by the alert rule "${rule.name}" of ${project.name}. Change it at ${settings}`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1f2328;max-width:640px">
<p style="color:#59636e;margin:0 0 4px">${esc(trigger.label)} in ${esc(project.name)}</p>
<h2 style="margin:0 0 4px;font-size:18px"><a href="${esc(link)}" style="color:#0969da;text-decoration:none">${esc(issue.title)}</a></h2>
${issue.culprit ? `<p style="margin:0 0 12px;color:#59636e;font-family:ui-monospace,monospace;font-size:13px">${esc(issue.culprit)}</p>` : ''}
<table cellpadding="4" style="border-collapse:collapse;font-size:14px">
${rows.map(([k, v]) => `<tr><td style="color:#59636e;padding-right:16px">${esc(k)}</td><td>${esc(v)}</td></tr>`).join('\n')}
</table>
<p style="margin:16px 0"><a href="${esc(link)}" style="background:#0969da;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none">View issue</a></p>
<p style="color:#59636e;font-size:12px">Sent by the alert rule “${esc(rule.name)}” of ${esc(project.name)}. <a href="${esc(settings)}">Change it</a>.</p>
</body></html>`;
  return { subject, text, html };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
