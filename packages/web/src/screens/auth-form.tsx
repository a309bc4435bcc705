/** @module The centered card both sign-in screens use, with the product mark and a title. */
import type { ReactNode } from 'react';

export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <main className="auth-page" id="main">
      <div className="auth-card">
        <div className="auth-brand" aria-hidden="true">
          <svg width="32" height="32" viewBox="0 0 32 32">
            <rect width="32" height="32" rx="7" fill="var(--accent)" />
            <path d="M9 6h14v4H13.5v4.5H21v4h-7.5V26H9z" fill="#fff" />
          </svg>
          <span>Faultline</span>
        </div>
        <h1>{title}</h1>
        {intro && <div className="auth-intro">{intro}</div>}
        {children}
      </div>
    </main>
  );
}
