// ESLint rule `faultline/no-sql-text`: no SQL text outside the store (docs/architecture.md, "SQL lives in the
// store"). A string or template literal is SQL when it starts like a statement, in upper or in lower case:
//   - upper case, as the store writes SQL: SELECT, INSERT INTO, UPDATE t SET, DELETE FROM, SAVEPOINT, BEGIN, …;
//   - either case (keywords all upper or all lower), by a statement's shape, so prose does not match:
//     `select a, b from t`, `insert into t (…`, `update t set c =`, `delete from t where`/end, `savepoint x`,
//     `release savepoint x`, `rollback to savepoint x`, `with x as (`, `create table`/`index`, `alter table t`,
//     `drop table`/`index`, `begin transaction`, `commit transaction`.
// "Select a project", "delete from the list", "commit" or "update the settings" are prose, and pass.

const UPPER_PREFIX = /^\s*(SELECT\s|INSERT INTO|UPDATE \w+ SET|DELETE FROM|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK|BEGIN\b|COMMIT\b|WITH \w+ AS)/;

/** The statement shapes, with their keywords spelled by `k` (all lower or all upper case). */
function shapes(k) {
  const name = '["\\w.]+';
  const column = `(?:\\*|${name}(?:\\([^)]*\\))?(?:\\s+${k('as')}\\s+\\w+)?)`;
  const afterTable = `(?:\\s*$|\\s*[;,)]|\\s+(?:\\w+\\s+)?(?:${['where', 'join', 'left', 'inner', 'group', 'order', 'limit', 'union', 'as', 'on'].map(k).join('|')})\\b)`;
  return [
    `${k('select')}\\s+(?:${k('distinct')}\\s+)?${column}(?:\\s*,\\s*${column})*\\s+${k('from')}\\s+${name}${afterTable}`,
    `${k('select')}\\s+\\d+\\s*$`,
    `${k('insert')}\\s+${k('into')}\\s+${name}\\s*(?:\\(|${k('values')}\\b|${k('select')}\\b|${k('default')}\\b)`,
    `${k('update')}\\s+${name}\\s+${k('set')}\\s+${name}\\s*=`,
    `${k('delete')}\\s+${k('from')}\\s+${name}(?:\\s+${k('where')}\\b|\\s+${k('returning')}\\b|\\s*;?\\s*$)`,
    `(?:${k('release')}\\s+)?${k('savepoint')}\\s+\\w+\\s*;?\\s*$`,
    `${k('rollback')}(?:\\s+${k('to')}(?:\\s+${k('savepoint')})?\\s+\\w+)?\\s*;?\\s*$`,
    `${k('with')}\\s+(?:${k('recursive')}\\s+)?\\w+\\s*(?:\\([^)]*\\)\\s*)?${k('as')}\\s*\\(`,
    `${k('create')}\\s+(?:${k('unique')}\\s+)?(?:${k('table')}|${k('index')})\\b`,
    `${k('alter')}\\s+${k('table')}\\s+${name}`,
    `${k('drop')}\\s+(?:${k('table')}|${k('index')})\\b`,
    `(?:${k('begin')}|${k('commit')})\\s+${k('transaction')}\\b`,
  ].map((s) => new RegExp(`^\\s*${s}`));
}
const SHAPES = [...shapes((w) => w), ...shapes((w) => w.toUpperCase())];

/** Whether `text` reads as a SQL statement (see the top of this file). */
export function looksLikeSql(text) {
  return UPPER_PREFIX.test(text) || SHAPES.some((re) => re.test(text));
}

const MESSAGE = 'SQL lives in the store: add a function to packages/store and call it (see docs/architecture.md)';

export const noSqlText = {
  meta: { type: 'problem', docs: { description: 'no SQL text outside packages/store' }, schema: [], messages: { sql: MESSAGE } },
  create(context) {
    return {
      Literal(node) {
        if (typeof node.value === 'string' && looksLikeSql(node.value)) context.report({ node, messageId: 'sql' });
      },
      TemplateLiteral(node) {
        // Placeholders read as a name, so `SELECT ${cols} FROM t` is seen whole.
        const text = node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('x');
        if (looksLikeSql(text)) context.report({ node, messageId: 'sql' });
      },
    };
  },
};

export const faultlinePlugin = { rules: { 'no-sql-text': noSqlText } };
