"""Register the processing activity of evaluations (AVG art. 30) so every evaluation can be logged."""

from django.db import migrations

CODE = "regels-evalueren"


def register(apps, schema_editor):  # type: ignore[no-untyped-def]
    activity = apps.get_model("core", "ProcessingActivity")
    activity.objects.get_or_create(
        code=CODE,
        defaults={
            "name": "Beslissingen nemen met gedeelde regels",
            "purpose": (
                "Een uitvoerende organisatie laat een beslissing nemen met een gepubliceerde regelset; "
                "de invoer wordt niet bewaard, alleen de hash van de bon en wie de vraag stelde."
            ),
            "legal_basis": "De wettelijke taak van de vragende organisatie (AVG art. 6 lid 1 onder e)",
            "data_categories": ["hash van de bon van een beslissing"],
            "retention": "Zolang het verwerkingenlog wordt bewaard",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial"), ("core", "0001_initial")]
    operations = [migrations.RunPython(register, migrations.RunPython.noop)]
