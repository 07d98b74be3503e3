"""Bulk sample content for benchmarks: thousands of made-up medicines and conditions.

Every row is marked as sample content that is not medical advice, and every
slug starts with "bench-", so running it again replaces the previous sample
content and never touches real pages.
"""

from __future__ import annotations

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from medinfo import pagecache
from medinfo.codes import CodeSystem
from medinfo.models import (
    ContentCode,
    ControlledSchedule,
    DrugClass,
    Indication,
    MedicationArticle,
    MedicationUse,
    PrescriptionStatus,
    Status,
    UseKind,
)

PREFIX = "bench-"
BUSY_CONDITION_SLUG = f"{PREFIX}condition-001"
BUSY_CONDITION_SIZE = 200
SAMPLE_CLASSES = 30
NOTICE = (
    "SAMPLE BENCHMARK CONTENT. This page is made up for performance testing. "
    "It is not medical advice and describes no real medicine."
)
# First letters weighted roughly like real medicine names, so A-Z pages differ in size.
LETTER_WEIGHTS = {
    "A": 8, "B": 5, "C": 8, "D": 6, "E": 5, "F": 5, "G": 4, "H": 3, "I": 3, "J": 1,
    "K": 2, "L": 6, "M": 7, "N": 5, "O": 4, "P": 7, "Q": 1, "R": 5, "S": 6, "T": 6,
    "U": 1, "V": 4, "W": 1, "X": 1, "Y": 1, "Z": 3,
}  # fmt: skip
SYLLABLES = ["ra", "lo", "ne", "ti", "vo", "ma", "di", "se", "ku", "fe", "pa", "zo", "ri", "te"]
STEMS = ["azepam", "olol", "pril", "sartan", "statin", "cillin", "oxetine", "afil", "tidine",
         "prazole", "mycin", "vir", "dronate", "gliptin", "semide", "triptan"]  # fmt: skip
PARAGRAPH = (
    "Sample text for load testing: it has the length and shape of a real section, with "
    "a plain-language sentence or two about what a patient should know, and a second "
    "paragraph with more detail. {notice}"
)
BULLETS = "\n".join(f"- Sample point {n} for load testing." for n in range(1, 6))


def sample_text(paragraphs: int = 2, bullets: bool = False) -> str:
    parts = [PARAGRAPH.format(notice=NOTICE) for _ in range(paragraphs)]
    if bullets:
        parts.append(BULLETS)
    return "\n\n".join(parts)


def medicine_names(count: int, rng: random.Random) -> list[str]:
    letters = rng.choices(list(LETTER_WEIGHTS), weights=list(LETTER_WEIGHTS.values()), k=count)
    names = []
    for letter in letters:
        middle = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 2)))
        names.append(f"{letter}{middle}{rng.choice(STEMS)}")
    return names


class Command(BaseCommand):
    help = (
        "Replace the benchmark sample content (slugs starting 'bench-') with N made-up "
        "medicines and M conditions. Sample content, not medical advice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--medications", type=int, default=5000)
        parser.add_argument("--conditions", type=int, default=500)
        parser.add_argument("--seed", type=int, default=6)
        parser.add_argument(
            "--clear", action="store_true", help="Only remove the benchmark sample content."
        )

    def handle(self, *args, medications: int, conditions: int, seed: int, clear: bool, **options):
        if not clear and (medications < 1 or conditions < 1):
            raise CommandError("--medications and --conditions must each be at least 1.")
        if medications > 200_000 or conditions > 50_000:
            raise CommandError("That is more sample content than a benchmark needs.")
        started = time.perf_counter()
        with transaction.atomic(), pagecache.bulk_changes():
            removed = self.clear()
            if not clear:
                self.create(medications, conditions, random.Random(seed))
        seconds = time.perf_counter() - started
        if clear:
            self.stdout.write(f"Removed {removed} benchmark medicines in {seconds:.1f} s.")
            return
        self.stdout.write(
            f"Benchmark sample content: {medications} medicines, {conditions} conditions "
            f"('{BUSY_CONDITION_SLUG}' has {min(medications, BUSY_CONDITION_SIZE)} medicines); "
            f"replaced {removed} previous ones in {seconds:.1f} s. {NOTICE}"
        )

    def clear(self) -> int:
        MedicationUse.objects.filter(
            Q(medication__slug__startswith=PREFIX) | Q(indication__slug__startswith=PREFIX)
        ).delete()
        removed, _ = MedicationArticle.objects.filter(slug__startswith=PREFIX).delete()
        Indication.objects.filter(slug__startswith=PREFIX).delete()
        DrugClass.objects.filter(slug__startswith=PREFIX).delete()
        return removed

    def create(self, medications: int, conditions: int, rng: random.Random) -> None:
        now = timezone.now()
        published = now - datetime.timedelta(days=30)
        reviewed = timezone.localdate() - datetime.timedelta(days=60)

        classes = DrugClass.objects.bulk_create(
            DrugClass(
                name=f"Sample class {n:02d} (benchmark)",
                slug=f"{PREFIX}class-{n:02d}",
                description=NOTICE,
                status=Status.PUBLISHED,
                published_at=published,
            )
            for n in range(1, SAMPLE_CLASSES + 1)
        )
        indications = Indication.objects.bulk_create(
            (
                Indication(
                    name=f"Sample condition {n:03d} (benchmark)",
                    slug=f"{PREFIX}condition-{n:03d}",
                    synonyms=f"benchmark condition {n}",
                    summary=f"Sample condition {n} for load testing. {NOTICE}",
                    body=sample_text(3, bullets=True),
                    when_to_get_help=BULLETS,
                    icd10cm_codes=f"U{10 + n // 100}.{n % 100:02d}",
                    status=Status.PUBLISHED,
                    published_at=published,
                )
                for n in range(1, conditions + 1)
            ),
            batch_size=1000,
        )
        names = medicine_names(medications, rng)
        articles = MedicationArticle.objects.bulk_create(
            (
                MedicationArticle(
                    title=f"{name} (sample {n:04d})",
                    slug=f"{PREFIX}{name.lower()}-{n:04d}",
                    generic_name=name.lower(),
                    brand_names=f"Benchbrand {n}",
                    rxnorm_codes=str(9_000_000 + n),
                    drug_class=classes[n % len(classes)],
                    prescription_status=PrescriptionStatus.PRESCRIPTION,
                    controlled_schedule=ControlledSchedule.SCHEDULE_IV
                    if n % 7 == 0
                    else ControlledSchedule.NONE,
                    summary=f"{name} is a made-up medicine for load testing. {NOTICE}",
                    key_facts="\n".join(f"Sample key fact {k}." for k in range(1, 5)),
                    boxed_warning=NOTICE if n % 5 == 0 else "",
                    get_help_now="\n".join(f"Sample emergency sign {k}." for k in range(1, 4)),
                    how_it_works=sample_text(2),
                    how_to_take=sample_text(2, bullets=True),
                    side_effects=sample_text(2, bullets=True),
                    serious_warnings=sample_text(1),
                    interactions=sample_text(1, bullets=True),
                    pregnancy_breastfeeding=sample_text(1),
                    dependence_and_stopping=sample_text(1),
                    sources="Made up for benchmarks: not a real source.",
                    last_reviewed=reviewed,
                    next_review_due=reviewed + datetime.timedelta(days=3 * 365),
                    status=Status.PUBLISHED,
                    published_at=published,
                )
                for n, name in enumerate(names, start=1)
            ),
            batch_size=1000,
        )

        uses = []
        others = indications[1:] or indications
        for n, article in enumerate(articles):
            chosen = [indications[0]] if n < BUSY_CONDITION_SIZE else []
            for indication in rng.sample(others, k=min(2, len(others))):
                if indication not in chosen:
                    chosen.append(indication)
            for order, indication in enumerate(chosen):
                uses.append(
                    MedicationUse(
                        medication=article,
                        indication=indication,
                        kind=UseKind.OFF_LABEL if (n + order) % 6 == 0 else UseKind.LABELLED,
                        note="Sample note: how this made-up medicine helps, for load testing.",
                        order=order,
                    )
                )
        MedicationUse.objects.bulk_create(uses, batch_size=2000)
        # bulk_create sends no post_save: the code index is filled here. Sample codes:
        # RxCUI-shaped numbers from 9000001, ICD-10-CM-shaped codes in the U chapter
        # (kept for special purposes, so never one of the demo's real code families).
        ContentCode.objects.bulk_create(
            [
                *(
                    ContentCode(system=CodeSystem.RXNORM, code=a.rxnorm_codes, medication=a)
                    for a in articles
                ),
                *(
                    ContentCode(system=CodeSystem.ICD10CM, code=i.icd10cm_codes, indication=i)
                    for i in indications
                ),
            ],
            batch_size=2000,
        )
        self.analyze()

    def analyze(self) -> None:
        """Fresh planner statistics, as autovacuum would soon give a real site after a bulk load."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for model in (DrugClass, Indication, MedicationArticle, MedicationUse):
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
