'use client';
/**
 * The Ghost-Greeter widget as a customer site embeds it: it reports its own errors to the widget project with
 * @faultline/reporter (never the host page's, which the dashboard's own SDK reports).
 */
import { init } from '@faultline/reporter';
import { useEffect } from 'react';

function greetVisitor(agentsOnline: string[]): string {
  if (agentsOnline.length === 0) throw new Error('Widget: no agent online to greet the visitor');
  return `Hi! ${agentsOnline[0]} is here to help.`;
}

export function GhostGreeterWidget() {
  useEffect(() => {
    const dsn = process.env.NEXT_PUBLIC_WIDGET_DSN;
    if (dsn) init({ dsn, release: 'widget@2.1.0', root: '#ghost-greeter' });
  }, []);
  return (
    <aside id="ghost-greeter">
      <button id="widget-greet" onClick={() => greetVisitor([])}>
        Talk to us
      </button>
    </aside>
  );
}
