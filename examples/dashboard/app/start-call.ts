/**
 * Opens the agent's side of a video call. The TURN server below has no credentials, which Chromium refuses when
 * the peer connection is built: the same failure path as a misconfigured or unreachable ICE server.
 */
export function startCall(): RTCPeerConnection {
  const pc = new RTCPeerConnection({ iceServers: [{ urls: 'turn:turn.ghostgreeter.invalid:3478' }] });
  pc.createDataChannel('signaling');
  return pc;
}
