/**
 * @module The `<script>` build's entry: the API as one plain object on `window.FaultlineReporter`. (A global object
 * literal instead of esbuild's ESM-to-IIFE export shim, which would cost a fifth of the budget.)
 */
import { addBreadcrumb, captureException, captureMessage, init, setTag, setUser } from './index.ts';

(globalThis as { FaultlineReporter?: object }).FaultlineReporter = { init, captureException, captureMessage, addBreadcrumb, setUser, setTag };
