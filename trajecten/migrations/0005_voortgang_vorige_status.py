"""Voortgang.vorige_status: what "undo" goes back to, stored with the row.

The checklist read it from each row's history in a subquery per row, on every view and tap.
Voortgang.zet_status now keeps it under the row's lock; the backfill derives it from the
history once, by the rule the subquery used: the state before the latest change into the
current one, skipping changes of only the date or note; *nog niet* for a row never changed.
"""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, NullIf


def vul_in(apps, schema_editor) -> None:
    Voortgang = apps.get_model("trajecten", "Voortgang")
    VoortgangWijziging = apps.get_model("trajecten", "VoortgangWijziging")
    laatste_overgang = (
        VoortgangWijziging.objects.filter(voortgang=OuterRef("pk"), naar_status=OuterRef("status"))
        .exclude(van_status=F("naar_status"))
        .order_by("-op", "-pk")
        .values("van_status")[:1]
    )
    # van_status is empty on the change that created the row.
    vorige = Coalesce(NullIf(Subquery(laatste_overgang), Value("")), Value("nog_niet"))
    Voortgang.objects.update(vorige_status=vorige)


class Migration(migrations.Migration):
    dependencies = [
        ("trajecten", "0004_aanvraag_wacht_op_traject"),
    ]

    operations = [
        migrations.AddField(
            model_name="voortgang",
            name="vorige_status",
            field=models.CharField(
                choices=[("nog_niet", "nog niet"), ("bezig", "bezig"), ("beheerst", "beheerst")],
                default="nog_niet",
                editable=False,
                max_length=20,
                verbose_name="terug naar",
            ),
        ),
        migrations.RunPython(vul_in, migrations.RunPython.noop, elidable=True),
    ]
