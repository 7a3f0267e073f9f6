"""Aanvraag.wacht_op_traject: approved, and its traject not made yet (for the aanvragen board).

The board shows the approved aanvragen that still wait for their traject. It found them by
looking for a traject per approved aanvraag, which read all of them (tens of thousands at
national scale) on every view. The marker is true for a few, so a small partial index answers
it; the backfill sets it on the approved aanvragen that have no traject now.
"""

from django.db import migrations, models


def vul_in(apps, schema_editor) -> None:
    Aanvraag = apps.get_model("trajecten", "Aanvraag")
    Aanvraag.objects.filter(status="goedgekeurd", traject__isnull=True).update(wacht_op_traject=True)


class Migration(migrations.Migration):
    dependencies = [
        ("trajecten", "0003_deelnemer_contact_trgm"),
    ]

    operations = [
        migrations.AddField(
            model_name="aanvraag",
            name="wacht_op_traject",
            field=models.BooleanField(default=False, editable=False, verbose_name="wacht op traject"),
        ),
        migrations.RunPython(vul_in, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="aanvraag",
            index=models.Index(
                condition=models.Q(("wacht_op_traject", True)), fields=["ingediend_op"], name="aanvraag_wacht_op_traject_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="aanvraag",
            index=models.Index(
                condition=models.Q(("status", "goedgekeurd")), fields=["afgerond_op"], name="aanvraag_goedgekeurd_op_idx"
            ),
        ),
    ]
