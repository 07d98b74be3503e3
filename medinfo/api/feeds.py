"""The infobutton's answer as an Atom feed or as MedlinePlus Connect's JSON shape."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.feedgenerator import Atom1Feed, rfc3339_date

SUBTITLE = "Patient information approved by the clinic's clinicians."


@dataclass
class Feed:
    title: str
    site_url: str
    feed_id: str
    language: str
    updated: datetime.datetime
    categories: list[tuple[str, str]]  # (scheme, term)
    entries: list[dict]  # title, url, language, summary_html, updated
    author: str


class _Atom(Atom1Feed):
    """Django's Atom writer, with MedlinePlus's category schemes and per-entry languages."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for scheme, term in self.feed["scheme_categories"]:
            handler.addQuickElement("category", "", {"scheme": scheme, "term": term})

    def item_attributes(self, item):
        return {"xml:lang": item["language"]}

    def add_item_elements(self, handler, item):
        handler.addQuickElement("title", item["title"], {"type": "text"})
        link = {
            "href": item["link"],
            "rel": "alternate",
            "type": "html",
            "hreflang": item["language"],
            "title": item["title"],
        }
        handler.addQuickElement("link", "", link)
        handler.addQuickElement("id", item["unique_id"])
        handler.addQuickElement("updated", rfc3339_date(item["updateddate"]))
        handler.addQuickElement("summary", item["description"], {"type": "html"})


def as_atom(feed: Feed) -> str:
    atom = _Atom(
        title=feed.title,
        link=feed.site_url,
        description="",
        language=feed.language,
        author_name=feed.author,
        subtitle=SUBTITLE,
        feed_guid=feed.feed_id,
        scheme_categories=feed.categories,
    )
    for entry in feed.entries:
        atom.add_item(
            title=entry["title"],
            link=entry["url"],
            description=entry["summary_html"],
            unique_id=entry["url"],
            updateddate=entry["updated"],
            language=entry["language"],
        )
    # Atom1Feed uses the latest entry date; an empty feed is as new as the request.
    atom.latest_post_date = lambda: feed.updated
    return atom.writeString("utf-8")


def as_json(feed: Feed) -> dict:
    return {
        "feed": {
            "lang": feed.language,
            "base": feed.site_url,
            "title": {"_value": feed.title, "type": "text"},
            "subtitle": {"_value": SUBTITLE, "type": "text"},
            "author": {"name": {"_value": feed.author}},
            "updated": {"_value": rfc3339_date(feed.updated)},
            "id": {"_value": feed.feed_id},
            "category": [{"scheme": scheme, "term": term} for scheme, term in feed.categories],
            "entry": [
                {
                    "lang": entry["language"],
                    "title": {"_value": entry["title"], "type": "text"},
                    "link": [
                        {
                            "href": entry["url"],
                            "rel": "alternate",
                            "type": "html",
                            "hreflang": entry["language"],
                            "title": entry["title"],
                        }
                    ],
                    "id": {"_value": entry["url"]},
                    "updated": {"_value": rfc3339_date(entry["updated"])},
                    "summary": {"_value": entry["summary_html"], "type": "html"},
                }
                for entry in feed.entries
            ],
        }
    }
