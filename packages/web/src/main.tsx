/** @module Entry point: styles, the session provider and the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { SessionProvider } from './lib/session.tsx';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/issues.css';
import './styles/event.css';
import './styles/sourcemaps.css';
import './styles/releases.css';
import './styles/alerts.css';
import './styles/stats.css';
import './styles/replays.css';
import './styles/performance.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <App />
    </SessionProvider>
  </StrictMode>,
);
