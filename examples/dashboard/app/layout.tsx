import type { ReactNode } from 'react';
import { GhostGreeterWidget } from './ghost-greeter-widget';

export const metadata = { title: 'Ghost-Greeter dashboard' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <nav>
          <a href="/">Calls</a> · <a href="/reports">Reports</a> · <a href="/admin">Admin</a>
        </nav>
        <main>{children}</main>
        <GhostGreeterWidget />
      </body>
    </html>
  );
}
