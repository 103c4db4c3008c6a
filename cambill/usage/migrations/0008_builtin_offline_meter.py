"""The built-in meter ``camera_offline_seconds``: the Watcher poll's ``camera.offline``
events (``data.seconds``), summed; the bill run reads it for offline credits."""

from decimal import Decimal

from django.db import migrations


def forwards(apps, schema_editor):
    from django.utils import timezone

    Meter = apps.get_model("usage", "Meter")
    Meter.objects.get_or_create(
        code="camera_offline_seconds",
        defaults={
            "name": "Camera offline time",
            "unit": "second",
            "event_type": "camera.offline",
            "value_path": "seconds",
            "aggregation": "sum",
            "unit_divisor": Decimal(1),
            "created_at": timezone.now(),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("usage", "0007_metered_prices_count")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
