'use client';
/** The server already reported the failure (onRequestError); the agent sees which one to quote to support. */
export default function ReportsError({ error }: { error: Error & { digest?: string } }) {
  return <p id="reports-error">Reports are unavailable (error {error.digest}).</p>;
}
