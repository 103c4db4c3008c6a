"""PostgreSQL: tariff periods of one camera never overlap (exclusion constraint).

SQLite has no exclusion constraints; there the service checks overlaps while
holding the database's write lock (see clouds.services).
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE clouds_cameratariffperiod
  ADD CONSTRAINT tariff_periods_no_overlap
  EXCLUDE USING gist (
    camera_id WITH =,
    tstzrange(valid_from, COALESCE(valid_to, 'infinity'::timestamptz), '[)') WITH &&
  );
"""
DROP = "ALTER TABLE clouds_cameratariffperiod DROP CONSTRAINT IF EXISTS tariff_periods_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("clouds", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
