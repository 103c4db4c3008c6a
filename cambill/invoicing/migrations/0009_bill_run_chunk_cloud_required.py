import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # Apart from 0008: PostgreSQL refuses ALTER TABLE after the update of its rows in one
    # transaction (pending foreign-key trigger events).
    dependencies = [("invoicing", "0008_bill_run_chunk_cloud")]

    operations = [
        migrations.AlterField(
            model_name="billrunchunk",
            name="cloud",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="clouds.cloud",
            ),
        ),
    ]
