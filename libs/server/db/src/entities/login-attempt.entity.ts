import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins per e-mail (hashed), kept whether or not an account exists, so that lockout
 * reveals nothing about which addresses are registered.
 */
@Entity('login_attempts')
export class LoginAttemptEntity {
  @PrimaryColumn({ type: 'char', length: 64 })
  emailHash: string;

  @Column({ type: 'integer', default: 0 })
  failedCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'timestamptz' })
  lastFailedAt: Date;
}
