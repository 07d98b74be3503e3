import io

import pytest
from django.core.cache import caches
from django.core.management import CommandError, call_command

from medinfo import pagecache
from medinfo.management.commands.make_bench_data import BUSY_CONDITION_SLUG, NOTICE
from medinfo.models import ContentCode, Indication, MedicationArticle, MedicationUse

from .factories import make_article, make_indication

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("make_bench_data", *args, stdout=out)
    return out.getvalue()


def test_bench_data_is_marked_as_sample_content_and_sized_as_asked():
    output = run("--medications", "250", "--conditions", "12")

    assert "not medical advice" in output
    bench = MedicationArticle.objects.published().filter(slug__startswith="bench-")
    assert bench.count() == 250
    assert Indication.objects.published().filter(slug__startswith="bench-").count() == 12
    assert all(NOTICE in summary for summary in bench.values_list("summary", flat=True))
    assert MedicationUse.objects.filter(indication__slug=BUSY_CONDITION_SLUG).count() == 200
    assert len({title[0] for title in bench.values_list("title", flat=True)}) > 10
    # The infobutton finds sample pages by their codes (the index is filled too).
    assert ContentCode.objects.filter(medication__in=bench).count() == 250
    assert ContentCode.objects.filter(indication__slug__startswith="bench-").count() == 12


def test_running_it_again_replaces_the_sample_content_and_keeps_real_pages():
    real = make_article(slug="diazepam", uses=[make_indication(slug="seizures")])
    run("--medications", "30", "--conditions", "5")
    run("--medications", "20", "--conditions", "4")

    assert MedicationArticle.objects.filter(slug__startswith="bench-").count() == 20
    assert Indication.objects.filter(slug__startswith="bench-").count() == 4
    assert MedicationArticle.objects.filter(pk=real.pk).exists()
    assert real.uses.count() == 1

    run("--clear")
    assert not ContentCode.objects.exists()
    assert not MedicationArticle.objects.filter(slug__startswith="bench-").exists()
    assert not Indication.objects.filter(slug__startswith="bench-").exists()


def test_loading_bench_data_invalidates_the_page_cache_once():
    before = pagecache.current_state()
    run("--medications", "5", "--conditions", "2")
    after = caches["default"].get(pagecache.STATE_KEY)
    assert after.generation != before.generation
    # Signals are back on afterwards.
    assert MedicationArticle in pagecache.content_models()


@pytest.mark.parametrize("args", [["--medications", "0"], ["--conditions", "-3"]])
def test_bad_sizes_are_refused_with_a_clear_message(args):
    with pytest.raises(CommandError, match="at least 1"):
        run(*args)
