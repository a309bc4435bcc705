/** @module @faultline/server: start the process, or reuse its config loader. */
export { startServer, type RunningServer, type StartOptions } from './main.ts';
export { loadConfig, ConfigError, SETTINGS, publicUrlOf, type Config } from './config.ts';
export { hashPassword, verifyPassword } from './auth/password.ts';
export { dsnOf } from './api/serialize.ts';
export { addDefaultAlertRule } from './alerts/default-alert-rule.ts';
export { ALL_SCOPES, isScope, parseScopes, type Scope } from './auth/scopes.ts';
