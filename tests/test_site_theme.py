"""A user theme overrides single templates, static files and strings; the default theme
fills in the rest."""

from __future__ import annotations

from pathlib import Path

from contenttree import ContentTree
from sitebuild import build_site, page, text_of

from builder.options import DEFAULT_THEME


def test_a_user_theme_overrides_one_template_and_one_stylesheet(tmp_path: Path) -> None:
    theme = tmp_path / "my-theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "home.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1 class="custom">{{ site.name|t }} — ของเรา</h1>{% endblock %}',
        "utf-8",
    )
    (theme / "static" / "css").mkdir(parents=True)
    (theme / "static" / "css" / "site.css").write_text("body { color: #123456; }\n", "utf-8")
    (theme / "static" / "img").mkdir()
    (theme / "static" / "img" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", "utf-8")
    (theme / "catalogue").mkdir()
    (theme / "catalogue" / "site.yaml").write_text("nav.home:\n  th: หน้าหลัก\n", "utf-8")

    out = build_site(ContentTree(tmp_path / "content"), tmp_path / "out", themes=(theme, DEFAULT_THEME))

    assert text_of(page(out, "index.html"), "h1.custom") == ["สำนักงานจังหวัดตัวอย่าง — ของเรา"]
    assert text_of(page(out, "units/prov/index.html"), "h1") == ["จังหวัดตัวอย่าง"]  # default unit page
    assert (out / "static/css/site.css").read_text("utf-8") == "body { color: #123456; }\n"
    assert (out / "static/css/print.css").is_file() and (out / "static/js/site.js").is_file()
    assert (out / "static/img/logo.svg").is_file()
    assert text_of(page(out, "cascade.html"), ".sections li:first-child a") == ["หน้าหลัก"]
    assert text_of(page(out, "en/cascade.html"), ".sections li:first-child a") == ["Home"]
