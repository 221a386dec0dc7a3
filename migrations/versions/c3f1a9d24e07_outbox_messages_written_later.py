"""outbox messages that the mail worker writes from facts

Revision ID: c3f1a9d24e07
Revises: b7d2e5f0c913
Create Date: 2026-12-03 16:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3f1a9d24e07'
down_revision = 'b7d2e5f0c913'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('template', sa.String(length=80), server_default='', nullable=False)
        )
        batch_op.add_column(
            sa.Column('facts', sa.JSON(), server_default=sa.text("'{}'"), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('facts')
        batch_op.drop_column('template')
