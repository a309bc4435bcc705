'use client';
import * as Sentry from '@sentry/nextjs';
import { useEffect, useState } from 'react';
import { agentFromCookies } from '../lib/agent';
import { startCall } from './start-call';

interface Call {
  id: string;
  visitor: { name: string } | null;
}

function formatCaller(call: Call): string {
  return call.visitor!.name.toUpperCase();
}

async function refreshQueue(): Promise<void> {
  const res = await fetch('/api/calls?queue=overflow');
  if (!res.ok) throw new Error(`Queue refresh failed: HTTP ${res.status}`);
}

async function loadLiveStats(): Promise<unknown> {
  const res = await fetch(process.env.NEXT_PUBLIC_STATS_URL ?? 'http://127.0.0.1:9/stats');
  return res.json();
}

export function CallPanel() {
  const [calls, setCalls] = useState<Call[]>([]);
  const [status, setStatus] = useState('loading');

  useEffect(() => {
    const agent = agentFromCookies(document.cookie);
    if (agent) Sentry.setUser({ id: agent.id });
    void fetch('/api/calls')
      .then((r) => r.json() as Promise<{ calls: Call[] }>)
      .then((body) => {
        setCalls(body.calls);
        setStatus('ready');
      });
  }, []);

  return (
    <section>
      <p id="status">{status}</p>
      <ul>
        {calls.map((c) => (
          <li key={c.id}>{c.visitor ? formatCaller(c) : 'visitor left'}</li>
        ))}
      </ul>
      <button id="accept-call" onClick={() => setStatus(`talking to ${formatCaller(calls[0]!)}`)}>
        Accept the first call
      </button>
      <button id="refresh-queue" onClick={() => void refreshQueue()}>
        Refresh the queue
      </button>
      <button id="live-stats" onClick={() => void loadLiveStats()}>
        Live stats
      </button>
      <button id="start-call" onClick={() => startCall()}>
        Start a video call
      </button>
      <button id="route-call" onClick={() => void fetch('/api/calls', { method: 'POST' }).then((r) => setStatus(`route: ${r.status}`))}>
        Route a call
      </button>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const query = new URLSearchParams({ email: String(form.get('email')), password: String(form.get('password')) });
          void fetch(`/api/invite?${query}`, { method: 'POST' }).then((r) => setStatus(`invite: ${r.status}`));
        }}
      >
        <input id="invite-email" name="email" placeholder="Agent's email" />
        <input id="invite-password" name="password" type="password" placeholder="First password" />
        <button id="invite-agent">Invite an agent</button>
      </form>
    </section>
  );
}
