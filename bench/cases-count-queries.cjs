// Preloaded into the servers under test (`node -r ./bench/cases-count-queries.cjs …`): counts every SQL statement sent
// through node-postgres (TypeORM's driver and the baseline alike go through `Client.prototype.query`) and answers
// the count over the IPC channel the benchmark opened. The wrapper adds one increment per statement.
'use strict';

const pg = require('pg');

let statements = 0;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  statements += 1;
  return original.apply(this, args);
};

if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (message && message.type === 'bench:count') process.send({ type: 'bench:count', id: message.id, statements });
  });
  // The IPC channel must not keep the process alive on its own.
  process.channel?.unref();
}
