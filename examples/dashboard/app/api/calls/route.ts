import * as Sentry from '@sentry/nextjs';
import { agentFromCookies } from '../../../lib/agent';

const QUEUE = [
  { id: 'call-1', visitor: null },
  { id: 'call-2', visitor: { name: 'Grace' } },
];

export async function GET(request: Request) {
  if (new URL(request.url).searchParams.get('queue') === 'overflow') return Response.json({ error: 'queue overloaded' }, { status: 503 });
  return Response.json({ calls: QUEUE });
}

export async function POST(request: Request) {
  const agent = agentFromCookies(request.headers.get('cookie'));
  if (agent) Sentry.setUser({ id: agent.id });
  throw new Error('Call routing failed: no agent available in queue "sales"');
}
