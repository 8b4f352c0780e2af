import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isOutage } from './outage';

describe('isOutage', () => {
  it('recognises an unreachable or restarting store through its wrappers', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' });
    expect(isOutage(refused)).toBe(true);
    expect(isOutage(Object.assign(new Error('query failed'), { driverError: refused }))).toBe(true);
    expect(isOutage(new AggregateError([refused, { ...refused }], ''))).toBe(true);
    expect(isOutage(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isOutage(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isOutage(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isOutage(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
    expect(isOutage(Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' }))).toBe(true);
  });

  it("recognises TypeORM's released query runner: the pg client's connection broke between two statements of a transaction", () => {
    expect(isOutage(new QueryRunnerAlreadyReleasedError())).toBe(true);
    expect(isOutage(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
    // As a bundle that renamed the classes would throw them: the message alone.
    expect(isOutage(new Error(new QueryRunnerAlreadyReleasedError().message))).toBe(true);
    expect(isOutage(new Error(new QueryRunnerProviderAlreadyReleasedError().message))).toBe(true);
    expect(isOutage(Object.assign(new Error('query failed'), { cause: new QueryRunnerAlreadyReleasedError() }))).toBe(true);
  });

  it('leaves bugs and refused statements alone', () => {
    expect(isOutage(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isOutage(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBe(false);
    expect(isOutage(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
    expect(isOutage(null)).toBe(false);
    expect(isOutage('ECONNREFUSED')).toBe(false);
  });
});
