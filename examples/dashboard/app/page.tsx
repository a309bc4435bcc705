import { CallPanel } from './call-panel';

export default function CallsPage() {
  return (
    <>
      <h1>Incoming calls</h1>
      <CallPanel />
    </>
  );
}
