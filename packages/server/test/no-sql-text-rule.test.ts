/**
 * The lint rule that keeps SQL text out of server and CLI code (scripts/eslint/no-sql-text.js), run by ESLint's
 * RuleTester: SQL in either case is reported, in strings and templates; prose that starts with the same words is not.
 */
import { describe, it } from 'node:test';
import { RuleTester } from 'eslint';
// @ts-expect-error -- a plain ESM module beside eslint.config.js, without type declarations
import { noSqlText } from '../../../scripts/eslint/no-sql-text.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });
const sql = [{ messageId: 'sql' }];

tester.run('faultline/no-sql-text', noSqlText, {
  valid: [
    "label('Select a project')",
    "hint('select the issues you want from the list')",
    "button('Delete from disk')",
    "confirm('delete from the list?')",
    "kind = 'commit'",
    "step = 'begin'",
    "title('update the settings')",
    "title('Update settings set by an admin')",
    "say('insert into the page')",
    "say('with love as always')",
    "say('rollback the deploy first')",
    "say('Rollback')",
    "say('create tables of contents')",
    "say('selected from the menu')",
    "say('select one from the list')",
    'say(`select ${n} issues from the list`)',
    "say('drop tables here')",
    // The known limit: keywords in mixed case are taken for prose ("Delete from disk" must pass).
    "tx.run('Delete From events')",
  ],
  invalid: [
    { code: "tx.run('select id from issues where project_id = ?')", errors: sql },
    { code: "tx.get('select count(*) as n from events')", errors: sql },
    { code: "tx.run(\"update issues set status = 'resolved'\")", errors: sql },
    { code: 'tx.run(`delete from events where id in (${ids})`)', errors: sql },
    { code: "tx.run('delete from kv')", errors: sql },
    { code: "tx.run('insert into kv (key, value) values (?, ?)')", errors: sql },
    { code: "tx.exec('savepoint sp_1')", errors: sql },
    { code: "tx.exec('release savepoint sp_1')", errors: sql },
    { code: "tx.exec('rollback to savepoint sp_1')", errors: sql },
    { code: "tx.exec('rollback')", errors: sql },
    { code: "tx.all('with recent as (select 1)')", errors: sql },
    { code: "tx.exec('create table t (id int)')", errors: sql },
    { code: "tx.exec('alter table projects add column x text')", errors: sql },
    { code: "tx.exec('begin transaction')", errors: sql },
    { code: 'tx.all(`\n  select a.id, b.name from a join b on b.id = a.b_id`)', errors: sql },
    { code: 'tx.all(`select ${cols} from spans`)', errors: sql },
    { code: "tx.run('SELECT 1')", errors: sql },
    { code: "tx.run('UPDATE issues SET status = ?')", errors: sql },
    { code: "tx.run('BEGIN')", errors: sql },
  ],
});
