"""Agents get a random referral code (their public sign-up link).

Three steps: add the column nullable, give every existing agent its own code
(a column default would give them all the same one), then make it required
and unique.
"""

from django.db import migrations, models

import cambill.referrals.models


def fill_codes(apps, schema_editor):
    Agent = apps.get_model("referrals", "Agent")
    taken = set()
    for agent in Agent.objects.filter(referral_code__isnull=True).only("pk"):
        code = cambill.referrals.models.new_referral_code()
        while code in taken:
            code = cambill.referrals.models.new_referral_code()
        taken.add(code)
        Agent.objects.filter(pk=agent.pk).update(referral_code=code)


class Migration(migrations.Migration):

    dependencies = [
        ("referrals", "0002_commissionentry_payout_referralprogramme"),
    ]

    operations = [
        migrations.AddField(
            model_name="agent",
            name="referral_code",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="agent",
            name="referral_code",
            field=models.CharField(
                default=cambill.referrals.models.new_referral_code, max_length=32, unique=True
            ),
        ),
    ]
