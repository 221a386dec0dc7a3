"""clock-hour records: offering approvals, affidavits, Equity-eligible networks, seals and signatures, workshops' own evaluation questions, the requirement a certificate counts toward

Revision ID: c3a9d1e7f402
Revises: d4a7c2e9f1b3
Create Date: 2026-12-03 16:05:14.229982

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a9d1e7f402'
down_revision = 'd4a7c2e9f1b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('hours_affidavit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('offered_hours', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('earned_hours', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('affirmed_hours', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('affirmed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('affirmed_hours >= 0 AND affirmed_hours <= earned_hours', name=op.f('ck_hours_affidavit_affirmed_within_earned')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_hours_affidavit_user_id_user')),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_hours_affidavit_workshop_id_workshop')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hours_affidavit'))
    )
    with op.batch_alter_table('hours_affidavit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hours_affidavit_user_id'), ['user_id'], unique=False)
        batch_op.create_index('ix_hours_affidavit_workshop_user', ['workshop_id', 'user_id'], unique=False)

    op.create_table('offering_approval',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('objectives', sa.Text(), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('instructors', sa.Text(), nullable=False),
    sa.Column('standards_alignment', sa.Text(), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('designee_name', sa.String(length=200), nullable=False),
    sa.Column('approved_hours', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('approved_schedule', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['user.id'], name=op.f('fk_offering_approval_approved_by_id_user')),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_offering_approval_workshop_id_workshop')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offering_approval'))
    )
    with op.batch_alter_table('offering_approval', schema=None) as batch_op:
        batch_op.create_index('ix_offering_approval_workshop_version', ['workshop_id', 'version'], unique=False)

    op.create_table('network_image',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('seal', 'signature')", name=op.f('ck_network_image_kind_known')),
    sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_network_image_network_id_network')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_network_image_uploaded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_image'))
    )
    op.create_index('ix_network_image_network_kind', 'network_image', ['network_id', 'kind'], unique=False)

    op.create_table('evaluation_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_evaluation_question_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_question'))
    )
    op.create_index(op.f('ix_evaluation_question_workshop_id'), 'evaluation_question', ['workshop_id'], unique=False)
    op.create_table('evaluation_answer',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_evaluation_answer_rating_range')),
    sa.ForeignKeyConstraint(['question_id'], ['evaluation_question.id'], name=op.f('fk_evaluation_answer_question_id_evaluation_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['evaluation_response.id'], name=op.f('fk_evaluation_answer_response_id_evaluation_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_answer'))
    )
    op.create_index(op.f('ix_evaluation_answer_question_id'), 'evaluation_answer', ['question_id'], unique=False)
    op.create_index(op.f('ix_evaluation_answer_response_id'), 'evaluation_answer', ['response_id'], unique=False)

    # Plain ADD / DROP COLUMN (SQLite 3.35+ has both): a batch copy of these tables would
    # lose the expression and partial indexes SQLite cannot reflect.
    op.add_column('certificate', sa.Column('offered_hours', sa.Numeric(precision=5, scale=2), nullable=True))
    op.add_column('certificate', sa.Column('affirmed_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('certificate', sa.Column('counted_toward', sa.String(length=40), server_default='', nullable=False))
    op.add_column('network', sa.Column('may_give_equity', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('network', sa.Column('signature_typed', sa.String(length=200), server_default='', nullable=False))
    op.create_table('certificate_signing',
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('seal_image_id', sa.Integer(), nullable=True),
    sa.Column('signature_image_id', sa.Integer(), nullable=True),
    sa.Column('signature_typed', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], name=op.f('fk_certificate_signing_certificate_id_certificate')),
    sa.ForeignKeyConstraint(['seal_image_id'], ['network_image.id'], name=op.f('fk_certificate_signing_seal_image_id_network_image')),
    sa.ForeignKeyConstraint(['signature_image_id'], ['network_image.id'], name=op.f('fk_certificate_signing_signature_image_id_network_image')),
    sa.PrimaryKeyConstraint('certificate_id', name=op.f('pk_certificate_signing'))
    )



def downgrade():
    op.drop_table('certificate_signing')
    op.drop_index(op.f('ix_evaluation_answer_response_id'), table_name='evaluation_answer')
    op.drop_index(op.f('ix_evaluation_answer_question_id'), table_name='evaluation_answer')
    op.drop_table('evaluation_answer')
    op.drop_index(op.f('ix_evaluation_question_workshop_id'), table_name='evaluation_question')
    op.drop_table('evaluation_question')
    op.drop_column('network', 'signature_typed')
    op.drop_column('network', 'may_give_equity')
    op.drop_column('certificate', 'counted_toward')
    op.drop_column('certificate', 'affirmed_at')
    op.drop_column('certificate', 'offered_hours')

    with op.batch_alter_table('offering_approval', schema=None) as batch_op:
        batch_op.drop_index('ix_offering_approval_workshop_version')

    op.drop_table('offering_approval')
    op.drop_index('ix_network_image_network_kind', table_name='network_image')
    op.drop_table('network_image')
    with op.batch_alter_table('hours_affidavit', schema=None) as batch_op:
        batch_op.drop_index('ix_hours_affidavit_workshop_user')
        batch_op.drop_index(batch_op.f('ix_hours_affidavit_user_id'))

    op.drop_table('hours_affidavit')
