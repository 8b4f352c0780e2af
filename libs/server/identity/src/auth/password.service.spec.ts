import { DomainError } from '@cg/shared/domain';
import { checkPasswordPolicy, PasswordService } from './password.service';

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as DomainError).messageKey;
  }
}

describe('password policy', () => {
  it('refuses fewer than 12 characters', () => {
    expect(codeOf(() => checkPasswordPolicy('short-pass1'))).toBe('input.passwordTooShort');
  });

  it('refuses common passwords, also with digits appended', () => {
    expect(codeOf(() => checkPasswordPolicy('qwerty123456'))).toBe('input.passwordCommon');
    expect(codeOf(() => checkPasswordPolicy('Password1234'))).toBe('input.passwordCommon');
    expect(codeOf(() => checkPasswordPolicy('aaaaaaaaaaaaaa'))).toBe('input.passwordCommon');
  });

  it('accepts a long passphrase without composition rules', () => {
    expect(codeOf(() => checkPasswordPolicy('kawa z mlekiem na rynku'))).toBeUndefined();
  });
});

describe('PasswordService', () => {
  it('hashes with argon2id and verifies', async () => {
    const service = new PasswordService();
    const hashed = await service.hash('zielone jabłko spada');
    expect(hashed.startsWith('$argon2id$')).toBe(true);
    await expect(service.verify(hashed, 'zielone jabłko spada')).resolves.toBe(true);
    await expect(service.verify(hashed, 'zielone jabłko')).resolves.toBe(false);
  });
});
