from medinfo.templatetags.medinfo_tags import prose


def test_prose_makes_paragraphs_and_bullet_lists():
    html = prose("First para.\n\nIntro:\n- one\n- two\nAfter.")
    assert html == (
        "<p>First para.</p>\n<p>Intro:</p>\n<ul><li>one</li><li>two</li></ul>\n<p>After.</p>"
    )


def test_prose_escapes_markup():
    html = prose('<script>alert(1)</script>\n- <img src=x onerror="x">')
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_prose_of_empty_text_is_empty():
    assert prose("") == ""
