"""the language spoken at home, self-described (equity reports)

Revision ID: e5b2c8d41f06
Revises: d8e4b1c7a902
Create Date: 2026-12-03 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b2c8d41f06'
down_revision = 'd8e4b1c7a902'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('home_language', sa.String(length=80), server_default='', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('home_language')
