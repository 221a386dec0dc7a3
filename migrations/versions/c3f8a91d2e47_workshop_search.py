"""workshop search: the index table and each database's full-text engine over it

Revision ID: c3f8a91d2e47
Revises: c3f1a9d24e07
Create Date: 2026-12-03 16:40:00.000000

The engine's DDL (an FTS5 table and its triggers on SQLite; a stored, weighted tsvector
column with a GIN index on PostgreSQL) is the same `create_all` runs, from
`pdportal.models.search`. Existing workshops are indexed by `services.search.rebuild`.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3f8a91d2e47'
down_revision = "c3f1a9d24e07"
branch_labels = None
depends_on = None


def upgrade():
    from pdportal.models.search import SEARCH_ENGINE_DDL
    from pdportal.services.search import rebuild

    op.create_table(
        'workshop_search',
        sa.Column('workshop_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('county', sa.String(length=60), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('subjects', sa.Text(), nullable=False),
        sa.Column('places', sa.Text(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_workshop_search_workshop_id_workshop'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('workshop_id', name=op.f('pk_workshop_search')),
    )
    with op.batch_alter_table('workshop_search', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_search_county'), ['county'], unique=False)
    bind = op.get_bind()
    for statement in SEARCH_ENGINE_DDL.get(bind.dialect.name, ()):
        op.execute(statement)
    if bind.execute(sa.text('SELECT 1 FROM workshop LIMIT 1')).first():
        rebuild(bind)


def downgrade():
    from pdportal.models.search import SEARCH_ENGINE_DROP

    for statement in SEARCH_ENGINE_DROP.get(op.get_bind().dialect.name, ()):
        op.execute(statement)
    with op.batch_alter_table('workshop_search', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_search_county'))
    op.drop_table('workshop_search')
