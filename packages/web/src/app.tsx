/**
 * @module The app: waits for the session, sends signed-out users to setup or login (remembering where they were
 * going), and maps paths to screens inside the signed-in shell.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { matchPath, navigate, useLocation } from './lib/router.ts';
import { safeNext } from './lib/safe-next.ts';
import { useSession } from './lib/session.tsx';
import { Link } from './components/link.tsx';
import { Shell } from './components/shell.tsx';
import { EmptyState, ErrorState, Loading } from './components/states.tsx';
import { IssueScreen } from './screens/issue-screen.tsx';
import { IssuesScreen } from './screens/issues-screen.tsx';
import { PerformanceScreen } from './screens/performance-screen.tsx';
import { TraceScreen } from './screens/trace-screen.tsx';
import { TransactionSummaryScreen } from './screens/transaction-summary-screen.tsx';
import { LoginScreen } from './screens/login-screen.tsx';
import { ProjectSetupScreen } from './screens/project-setup-screen.tsx';
import { ProjectsScreen } from './screens/projects-screen.tsx';
import { ReleaseScreen } from './screens/release-screen.tsx';
import { ReleasesScreen } from './screens/releases-screen.tsx';
import { ReplayScreen } from './screens/replay-screen.tsx';
import { ReplaysScreen } from './screens/replays-screen.tsx';
import { AlertRuleScreen } from './screens/settings/alert-rule-screen.tsx';
import { AlertsScreen } from './screens/settings/alerts-screen.tsx';
import { KeysScreen } from './screens/settings/keys-screen.tsx';
import { RetentionScreen } from './screens/settings/retention-screen.tsx';
import { FiltersScreen } from './screens/settings/filters-screen.tsx';
import { GroupingScreen } from './screens/settings/grouping-screen.tsx';
import { MembersScreen } from './screens/settings/members-screen.tsx';
import { StatsScreen } from './screens/settings/stats-screen.tsx';
import { TokensScreen } from './screens/settings/tokens-screen.tsx';
import { SetupScreen } from './screens/setup-screen.tsx';

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** [document title, screen] for a signed-in path. */
function route(pathname: string): [string, ReactNode] {
  let m: Record<string, string> | null;
  if (pathname === '/' || pathname === '') return ['Issues', <Redirect to="/issues/" />];
  if (matchPath('/issues', pathname)) return ['Issues', <IssuesScreen />];
  if ((m = matchPath('/issues/:id', pathname))) return ['Issue', <IssueScreen key={m.id} issueId={m.id!} tab="details" />];
  if ((m = matchPath('/issues/:id/events', pathname))) return ['Issue events', <IssueScreen key={m.id} issueId={m.id!} tab="events" />];
  if ((m = matchPath('/issues/:id/events/:eventId', pathname)))
    return ['Issue', <IssueScreen key={m.id} issueId={m.id!} tab="details" eventId={m.eventId} />];
  if ((m = matchPath('/issues/:id/tags', pathname))) return ['Issue tags', <IssueScreen key={m.id} issueId={m.id!} tab="tags" />];
  if ((m = matchPath('/issues/:id/activity', pathname))) return ['Issue activity', <IssueScreen key={m.id} issueId={m.id!} tab="activity" />];
  if (matchPath('/performance', pathname)) return ['Performance', <PerformanceScreen />];
  if ((m = matchPath('/performance/trace/:traceId', pathname))) return ['Trace', <TraceScreen key={m.traceId} traceId={m.traceId!} />];
  if (matchPath('/performance/summary', pathname)) return ['Transaction summary', <TransactionSummaryScreen />];
  if (matchPath('/releases', pathname)) return ['Releases', <ReleasesScreen />];
  if ((m = matchPath('/releases/:version', pathname))) return [`Release ${m.version}`, <ReleaseScreen key={m.version} version={m.version!} />];
  if (matchPath('/replays', pathname)) return ['Replays', <ReplaysScreen />];
  if ((m = matchPath('/replays/:replayId', pathname))) return ['Replay', <ReplayScreen key={m.replayId} replayId={m.replayId!} />];
  if (matchPath('/projects', pathname)) return ['Projects', <ProjectsScreen />];
  if ((m = matchPath('/projects/:slug', pathname))) return ['Project setup', <ProjectSetupScreen key={m.slug} slug={m.slug!} />];
  if ((m = matchPath('/projects/:slug/keys', pathname))) return ['Project keys', <KeysScreen key={m.slug} slug={m.slug!} />];
  if ((m = matchPath('/projects/:slug/retention', pathname))) return ['Data retention', <RetentionScreen key={m.slug} slug={m.slug!} />];
  if ((m = matchPath('/projects/:slug/filters', pathname))) return ['Inbound filters', <FiltersScreen key={m.slug} slug={m.slug!} />];
  if ((m = matchPath('/projects/:slug/grouping', pathname))) return ['Issue grouping', <GroupingScreen key={m.slug} slug={m.slug!} />];
  if ((m = matchPath('/projects/:slug/alerts', pathname))) return ['Alerts', <AlertsScreen key={m.slug} slug={m.slug!} />];
  if ((m = matchPath('/projects/:slug/alerts/new', pathname))) return ['New alert rule', <AlertRuleScreen key={`${m.slug}/new`} slug={m.slug!} ruleId={null} />];
  if ((m = matchPath('/projects/:slug/alerts/:ruleId', pathname)))
    return ['Alert rule', <AlertRuleScreen key={`${m.slug}/${m.ruleId}`} slug={m.slug!} ruleId={m.ruleId!} />];
  if (matchPath('/settings', pathname)) return ['Settings', <Redirect to="/settings/members/" />];
  if (matchPath('/settings/members', pathname)) return ['Members', <MembersScreen />];
  if (matchPath('/settings/tokens', pathname)) return ['API tokens', <TokensScreen />];
  if (matchPath('/settings/stats', pathname)) return ['Stats', <StatsScreen />];
  return [
    'Not found',
    <EmptyState title="Page not found">
      <p>
        Nothing lives at <code>{pathname}</code>. <Link to="/issues/">Go to issues</Link>.
      </p>
    </EmptyState>,
  ];
}

export function App() {
  const session = useSession();
  const { pathname, search, href } = useLocation();
  const first = useRef(true);

  // Moving focus to <main> after a page change tells screen readers the page changed (and where it starts).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [pathname]);

  if (!session.ready) return <Loading label="Starting Faultline…" />;
  if (!session.user) {
    if (session.error) {
      document.title = 'Faultline';
      return (
        <main id="main" className="auth-page">
          <ErrorState error={session.error} onRetry={() => void session.refresh()} />
        </main>
      );
    }
    if (session.needsSetup) {
      document.title = 'Set up · Faultline';
      return pathname.startsWith('/setup') ? <SetupScreen /> : <Redirect to="/setup/" />;
    }
    document.title = 'Sign in · Faultline';
    if (pathname.startsWith('/login')) return <LoginScreen />;
    return <Redirect to={`/login/?next=${encodeURIComponent(href)}`} />;
  }
  if (pathname.startsWith('/login') || pathname.startsWith('/setup')) return <Redirect to={safeNext(search.get('next'))} />;
  const [title, screen] = route(pathname);
  document.title = `${title} · Faultline`;
  return <Shell>{screen}</Shell>;
}
