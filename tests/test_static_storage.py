"""The production static files storage (config/storage.py): hashed URLs, worked out once."""

import json

from config.storage import StaticFilesStorage


def storage_with_manifest(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"css/app.css": "css/app.0123abcd.css"}})
    )
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_a_static_url_names_the_hashed_file(tmp_path):
    assert storage_with_manifest(tmp_path).url("css/app.css") == "/static/css/app.0123abcd.css"


def test_a_static_url_is_worked_out_once(tmp_path, monkeypatch):
    storage = storage_with_manifest(tmp_path)
    first = storage.url("css/app.css")
    monkeypatch.setattr(storage, "stored_name", lambda name: "css/app.changed.css")

    assert storage.url("css/app.css") == first
    assert storage.url("css/app.css", force=True) != first
