import django.db.models.deletion
from django.db import migrations, models


def fill_cloud(apps, schema_editor):  # type: ignore[no-untyped-def]
    Chunk = apps.get_model("invoicing", "BillRunChunk")
    BillRun = apps.get_model("invoicing", "BillRun")
    for run_id, cloud_id in BillRun.objects.filter(
        pk__in=Chunk.objects.values("run_id")
    ).values_list("pk", "cloud_id"):
        Chunk.objects.filter(run_id=run_id).update(cloud_id=cloud_id)


class Migration(migrations.Migration):
    dependencies = [
        ("clouds", "0001_initial"),
        ("invoicing", "0007_bill_run_chunk_wholesale_share"),
    ]

    operations = [
        migrations.AddField(
            model_name="billrunchunk",
            name="cloud",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="clouds.cloud",
            ),
        ),
        migrations.RunPython(fill_cloud, migrations.RunPython.noop),
    ]
