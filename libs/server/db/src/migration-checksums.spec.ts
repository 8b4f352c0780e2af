import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATION_CHECKSUMS_FILE, migrationChecksumLine, migrationChecksumProblems } from './migration-checksums';

const MIGRATIONS = join(__dirname, 'migrations');

describe('landed migrations are never changed', () => {
  it('every migration file matches the committed checksum list, and every one is in it', () => {
    expect(migrationChecksumProblems(MIGRATIONS)).toEqual([]);
  });

  describe('on a copy of the migrations', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'cg-migrations-'));
      cpSync(MIGRATIONS, dir, { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const first = '1795857753510-Foundation.ts';

    it('refuses a landed migration changed, saying to revert it and write a new one', () => {
      writeFileSync(join(dir, first), readFileSync(join(dir, first), 'utf8').replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS'));
      expect(migrationChecksumProblems(dir)).toEqual([expect.stringMatching(new RegExp(`^${first} has changed since it landed: revert .*new migration`))]);
    });

    it('refuses a landed migration deleted', () => {
      unlinkSync(join(dir, first));
      expect(migrationChecksumProblems(dir)).toEqual([expect.stringMatching(new RegExp(`^${first} has landed and was deleted: restore it`))]);
    });

    it('refuses a new migration until its line is added to the list, then accepts it', () => {
      const file = '1899999999999-AddSomething.ts';
      const content = 'export class AddSomething1899999999999 {}\n';
      writeFileSync(join(dir, file), content);
      expect(migrationChecksumProblems(dir)).toEqual([expect.stringMatching(new RegExp(`^${file} is not in ${MIGRATION_CHECKSUMS_FILE}`))]);
      appendFileSync(join(dir, MIGRATION_CHECKSUMS_FILE), migrationChecksumLine(file, content));
      expect(migrationChecksumProblems(dir)).toEqual([]);
    });
  });
});
