import * as Sentry from '@sentry/nextjs';
import { headers } from 'next/headers';
import { agentFromCookies } from '../../lib/agent';

export default async function ReportsPage() {
  const agent = agentFromCookies((await headers()).get('cookie'));
  if (agent) Sentry.setUser({ id: agent.id });
  throw new Error('Report query failed: call_stats view is missing');
}
