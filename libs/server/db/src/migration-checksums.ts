import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Migrations are never edited after they land (STYLE.md rule 9): a database that applied one never applies it again,
 * so a change to it reaches no existing installation. `migrations/checksums.sha256` holds the sha256 of every landed
 * migration (`sha256sum` format: hash, two spaces, file name); a spec compares each migration file with it.
 */
export const MIGRATION_CHECKSUMS_FILE = 'checksums.sha256';

const MIGRATION_FILE = /^\d{13}-[A-Z][A-Za-z0-9]*\.ts$/;

/** The line of the checksum list for a migration file's content. */
export function migrationChecksumLine(file: string, content: string | Buffer): string {
  return `${createHash('sha256').update(content).digest('hex')}  ${file}\n`;
}

/** What is wrong between the migration files of `dir` and its checksum list, each with what to do; empty when they agree. */
export function migrationChecksumProblems(dir: string): string[] {
  const listed = new Map<string, string>();
  for (const line of readFileSync(join(dir, MIGRATION_CHECKSUMS_FILE), 'utf8').split('\n')) {
    const match = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line.trim());
    if (match) listed.set(match[2]!, match[1]!);
  }
  const files = readdirSync(dir).filter((file) => MIGRATION_FILE.test(file)).sort();
  const problems: string[] = [];
  for (const [file, hash] of listed) {
    if (!files.includes(file)) {
      problems.push(`${file} has landed and was deleted: restore it (git checkout -- ${file}); to undo what it did, write a new migration.`);
    } else if (migrationChecksumLine(file, readFileSync(join(dir, file))) !== `${hash}  ${file}\n`) {
      problems.push(`${file} has changed since it landed: revert the change (git checkout -- ${file}) and put it in a new migration (npm run migration:generate -- Name).`);
    }
  }
  for (const file of files) {
    if (!listed.has(file)) {
      problems.push(`${file} is not in ${MIGRATION_CHECKSUMS_FILE}: a new migration is added to it when it lands (the generator appends its line; by hand: sha256sum ${file} >> ${MIGRATION_CHECKSUMS_FILE}).`);
    }
  }
  return problems;
}
