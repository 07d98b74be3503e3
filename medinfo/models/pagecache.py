"""The page cache's generation, kept in the database as well as in the shared cache."""

from django.db import models


class CacheGeneration(models.Model):
    """The page cache's current generation, as last started (one row).

    The shared cache (Redis) holds the generation every server reads; this row
    is the record that survives the cache. A cache that comes back from a
    snapshot, or a replica that takes over, may hold an older generation than
    this row: a worker that (re)connects to the cache compares the two and puts
    this one back (medinfo/pagecache/generation.py).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    generation = models.CharField(max_length=32, help_text="The random token of the generation.")
    changed_at = models.DateTimeField(help_text="When the generation began.")

    class Meta:
        verbose_name = "page cache generation"

    def __str__(self) -> str:
        return f"{self.generation} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
