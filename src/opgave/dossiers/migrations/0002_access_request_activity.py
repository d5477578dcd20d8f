"""The register entry under which access requests (inzageverzoeken) of subjects are answered."""

from django.db import migrations


def add(apps, schema_editor):
    Activity = apps.get_model("core", "ProcessingActivity")
    Activity.objects.get_or_create(
        code="avg-inzageverzoek",
        defaults={
            "name": "Inzageverzoeken van betrokkenen beantwoorden",
            "purpose": "Een betrokkene laten zien wat er over hem of haar is vastgelegd en wie het verwerkte.",
            "legal_basis": "AVG artikel 15 (recht op inzage)",
            "data_categories": ["identificatiegegevens", "dossierinhoud", "verwerkingenlog"],
            "retention": "2 jaar na beantwoording",
        },
    )


def remove(apps, schema_editor):
    apps.get_model("core", "ProcessingActivity").objects.filter(code="avg-inzageverzoek").delete()


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial"), ("core", "0003_processing_data_subject_type")]
    operations = [migrations.RunPython(add, remove)]
