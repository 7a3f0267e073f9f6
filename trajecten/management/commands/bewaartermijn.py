"""Anonymise deelnemers whose retention period has passed (AVG: keep no longer than needed),
and remove stored PDFs that no verklaring holds (left by an issue cut off by a database failure).

Run daily from cron:  python manage.py bewaartermijn
See what would happen: python manage.py bewaartermijn --dry-run
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from trajecten.privacy import anonimiseer_deelnemer, losse_pdfs, te_anonimiseren


class Command(BaseCommand):
    help = "Anonimiseert deelnemers van wie het laatste traject langer dan de bewaartermijn geleden eindigde."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--jaren",
            type=int,
            default=None,
            help=f"Bewaartermijn in jaren (standaard BEWAARTERMIJN_JAREN, nu {settings.BEWAARTERMIJN_JAREN}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Alleen tonen wat er zou gebeuren.")

    def handle(self, *args, jaren: int | None, dry_run: bool, **options) -> None:
        jaren = settings.BEWAARTERMIJN_JAREN if jaren is None else jaren
        if jaren < 1:
            raise CommandError("--jaren moet minstens 1 zijn.")
        kandidaten = te_anonimiseren(jaren=jaren)
        # Ids only: this output may end up in a cron mail or a log file.
        for kandidaat in kandidaten:
            datum = f" (einde {kandidaat.laatste_datum:%Y-%m-%d})" if kandidaat.laatste_datum else ""
            actie = "zou anonimiseren" if dry_run else "anonimiseert"
            self.stdout.write(f"{actie}: deelnemer {kandidaat.deelnemer_id}, {kandidaat.reden}{datum}")
            if not dry_run:
                anonimiseer_deelnemer(kandidaat.deelnemer_id)
        samenvatting = f"{len(kandidaten)} deelnemer(s) {'te anonimiseren' if dry_run else 'geanonimiseerd'}"
        self.stdout.write(self.style.SUCCESS(f"{samenvatting} (bewaartermijn {jaren} jaar)."))

        losse = losse_pdfs()
        for naam in losse:
            self.stdout.write(f"{'zou verwijderen' if dry_run else 'verwijdert'}: PDF zonder verklaring {naam}")
            if not dry_run:
                default_storage.delete(naam)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(losse)} PDF('s) zonder verklaring {'te verwijderen' if dry_run else 'verwijderd'}."
            )
        )
