import { Injectable } from '@nestjs/common';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { DomainError } from '@cg/shared/domain';

export const MIN_PASSWORD_LENGTH = 12;

const COMMON = new Set<string>((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/** NIST 800-63B: a minimum length, no composition rules, and a list of passwords known to be common. */
export function checkPasswordPolicy(password: string, field = 'password'): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw DomainError.badInput('input.passwordTooShort', { min: MIN_PASSWORD_LENGTH }, { field });
  }
  const lowered = password.toLowerCase();
  const stripped = lowered.replace(/[\d\W_]+$/u, '');
  if (COMMON.has(lowered) || (stripped.length >= 6 && COMMON.has(stripped)) || /^(.)\1+$/u.test(password)) {
    throw DomainError.badInput('input.passwordCommon', {}, { field });
  }
}

/** argon2id with the OWASP-recommended parameters (19 MiB, 2 iterations, 1 lane). */
@Injectable()
export class PasswordService {
  private readonly options = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };
  private dummyHash: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real check, so that unknown e-mails cannot be told apart by timing. */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash('dummy-password-for-timing-equality');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
