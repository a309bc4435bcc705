/** The signed-in agent, as the dashboard knows it from its session cookie (`gg_agent=agent-<n>`). */
export interface Agent {
  id: string;
}

/** Reads `gg_agent` from a Cookie header (or `document.cookie`). */
export function agentFromCookies(cookies: string | null | undefined): Agent | null {
  const m = /(?:^|;\s*)gg_agent=(agent-\d+)(?:;|$)/.exec(cookies ?? '');
  return m ? { id: m[1]! } : null;
}
