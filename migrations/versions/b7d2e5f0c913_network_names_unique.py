"""network names unique whatever their case

Revision ID: b7d2e5f0c913
Revises: a14c8ae1f7c4
Create Date: 2026-12-02 01:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d2e5f0c913'
down_revision = 'a14c8ae1f7c4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'uq_network_name_lower', 'network', [sa.text('lower(name)')], unique=True
    )


def downgrade():
    op.drop_index('uq_network_name_lower', table_name='network')
