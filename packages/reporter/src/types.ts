/** @module The shapes the reporter sends: a subset of the Sentry event payload (docs/protocol.md §3). */

export type Level = 'fatal' | 'error' | 'warning' | 'log' | 'info' | 'debug';

/** A Sentry stack frame. Browser frames are always in-app (the SDK does the same; the server refines it). */
export interface Frame {
  filename: string;
  function: string;
  lineno: number;
  colno?: number;
  in_app: true;
}

export interface ExceptionValue {
  type: string;
  value: string;
  stacktrace?: { frames: Frame[] };
  mechanism: { type: string; handled: boolean };
}

export interface Breadcrumb {
  /** Unix seconds; filled in when left out. */
  timestamp?: number;
  type?: string;
  category?: string;
  message?: string;
  level?: Level;
  data?: Record<string, unknown>;
}

export interface User {
  id?: string | number;
  email?: string;
  username?: string;
  [key: string]: unknown;
}

export interface ReporterEvent {
  event_id: string;
  /** Unix seconds (float), as the JS SDKs send it. */
  timestamp: number;
  platform: 'javascript';
  level: Level;
  release?: string;
  environment: string;
  sdk: { name: string; version: string };
  /** The server derives browser and OS from the User-Agent, as Relay does for the browser SDK. */
  request: { url: string; headers: { 'User-Agent': string } };
  exception?: { values: ExceptionValue[] };
  message?: string;
  breadcrumbs: Breadcrumb[];
  user?: User;
  tags: Record<string, string>;
  extra?: Record<string, unknown>;
}

export interface ReporterOptions {
  /** `https://<public key>@<faultline host>/<project id>`, exactly as the project's settings show it. */
  dsn: string;
  release?: string;
  /** Default `production`, as in the Sentry SDKs. */
  environment?: string;
  /** Fraction of events sent, 0..1. Default 1. */
  sampleRate?: number;
  /** Last look at an event: change it, or return null to drop it. */
  beforeSend?: (event: ReporterEvent) => ReporterEvent | null;
  /**
   * Errors caught by the page-wide handlers are reported only when the frame that threw comes from a script whose
   * URL contains one of these strings (or matches one of these patterns). Default: the script holding the reporter
   * and the script that called `init` — that is, the widget's own bundle. Errors of the host page are never sent.
   */
  allowUrls?: Array<string | RegExp>;
  /** Breadcrumbs kept for the next event. Default 20. */
  maxBreadcrumbs?: number;
  /** Events sent per page load at most, so a widget broken in a loop can't flood Faultline. Default 30. */
  maxEvents?: number;
  /**
   * CSS selector of the widget's container: clicks inside it become `ui.click` breadcrumbs. Clicks anywhere else
   * on the host page are never recorded. Off when not set.
   */
  root?: string;
}

export interface CaptureContext {
  tags?: Record<string, string>;
  extra?: Record<string, unknown>;
}
