import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UnavailabilityReason } from '@cg/shared/domain';
import { UserEntity } from './user.entity';

/** A period a person cannot take work (leave, sick leave): new assignment is refused, open tasks flagged. */
@Entity('unavailabilities')
@Index('ix_unavailabilities_user', ['userId', 'endsOn'])
export class UnavailabilityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date' })
  endsOn: string;

  @Column({ type: 'enum', enum: UnavailabilityReason, enumName: 'unavailability_reason' })
  reason: UnavailabilityReason;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
