/** Prints the settings table of docs/operations.md from the config's single defaults table. */
import { SETTINGS } from '../packages/server/src/config.ts';

const rows = SETTINGS.map(
  (s) => `| \`--${s.flag}\` | \`${s.env}\` | ${s.default === undefined ? '(unset)' : `\`${String(s.default)}\``} | ${s.why} |`,
);
process.stdout.write(['| flag | variable | default | why |', '| --- | --- | --- | --- |', ...rows].join('\n') + '\n');
