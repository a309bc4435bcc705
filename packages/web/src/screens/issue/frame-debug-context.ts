/**
 * @module What a frame needs to explain its source map (the event it belongs to and the processing errors by
 * frame path), provided once by the event panel instead of threaded through the exception and frame lists.
 */
import { createContext, useContext } from 'react';
import type { ProcessingError } from '../../lib/api-types.ts';

export interface FrameDebug {
  projectSlug: string;
  eventId: string;
  /** Source-map processing errors, by the frame paths they name (`exception.values.0.stacktrace.frames.3`). */
  errorsByPath: Map<string, ProcessingError>;
}

export const FrameDebugContext = createContext<FrameDebug | null>(null);

export function useFrameDebug(): FrameDebug | null {
  return useContext(FrameDebugContext);
}
