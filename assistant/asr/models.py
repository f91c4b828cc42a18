"""Vosk models: the official ones we know, and fetching, installing and checking them.

Every step is atomic: a download goes to a ``.part`` file and is checked against its SHA-256 before
anything else happens, an archive is unpacked into a scratch directory inside the models directory
and renamed into place only when it holds a whole model. A failure leaves no half-installed model.
Nothing here runs during a turn: models are fetched on request (``cockpit models download``).
"""

from __future__ import annotations

import errno
import hashlib
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from assistant.asr.vosk import check_model_dir
from assistant.errors import AsrError, ModelError

OFFICIAL_BASE = "https://alphacephei.com/vosk/models"
Progress = Callable[[int, int], None]  # bytes so far, bytes expected


@dataclass(frozen=True)
class ModelInfo:
    name: str  # the archive's name and its top directory
    language: str
    size_bytes: int  # as published (approximate: used for progress and the disk-space check)
    sha256: str
    license: str = "Apache-2.0"

    def url(self, base: str = OFFICIAL_BASE) -> str:
        return f"{base.rstrip('/')}/{self.name}.zip"


KNOWN = {
    "small-en-us": ModelInfo(
        "vosk-model-small-en-us-0.15",
        "en",
        40 * 2**20,
        "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
    ),
    "small-cn": ModelInfo(
        "vosk-model-small-cn-0.22", "zh", 42 * 2**20, "3af8b0e7e0f835ae9d414ce5df580237a3cfb08d586c9fbbb0f7ff29ad5b14ba"
    ),
}


def lookup(name: str) -> ModelInfo:
    for key, info in KNOWN.items():
        if name in (key, info.name, info.language):  # "zh" is the Chinese model
            return info
    raise ModelError("unknown", f"{name!r} is not a model we know (known: {', '.join(KNOWN)})")


def for_language(language: str) -> ModelInfo | None:
    return next((info for info in KNOWN.values() if info.language == language), None)


def installed(models_dir: Path) -> list[Path]:
    """Model directories under ``models_dir`` that look whole."""
    if not models_dir.is_dir():
        return []
    return sorted(p for p in models_dir.iterdir() if p.is_dir() and not p.name.startswith(".") and _looks_whole(p))


def _looks_whole(path: Path) -> bool:
    try:
        check_model_dir(path)
    except AsrError:
        return False
    return True


def download(
    info: ModelInfo, models_dir: Path, base_url: str = OFFICIAL_BASE, progress: Progress | None = None
) -> Path:
    """Fetch, check and install ``info``; returns the installed directory."""
    models_dir.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(models_dir).free
    if free < info.size_bytes * 3:  # the archive plus the unpacked model, with room to spare
        raise ModelError(
            "disk_full", f"{models_dir}: {free // 2**20} MB free, {info.size_bytes * 3 // 2**20} MB needed"
        )
    url = info.url(base_url)
    part = models_dir / f".{info.name}.zip.part"
    digest = hashlib.sha256()
    try:
        with urllib.request.urlopen(url, timeout=30) as response, part.open("wb") as out:
            expected = int(response.headers.get("Content-Length") or info.size_bytes)
            done = 0
            while chunk := response.read(1 << 16):
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, expected)
        if digest.hexdigest() != info.sha256:
            raise ModelError("checksum", f"{url}: SHA-256 {digest.hexdigest()} is not the expected {info.sha256}")
        return install(part, models_dir, name=info.name)
    except urllib.error.HTTPError as err:
        raise ModelError("offline", f"{url}: the server answered HTTP {err.code}") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
        reason = getattr(err, "reason", err)
        raise ModelError(
            "offline", f"{url}: cannot reach it ({reason}); copy the archive here and use `install`"
        ) from None
    except OSError as err:
        if err.errno == errno.ENOSPC:
            raise ModelError("disk_full", f"{models_dir}: no space left while downloading {info.name}") from None
        raise
    finally:
        part.unlink(missing_ok=True)


def install(source: Path, models_dir: Path, name: str | None = None) -> Path:
    """Install a model from a ``.zip`` archive or a directory; returns the installed directory."""
    if not source.exists():
        raise ModelError("bad_archive", f"{source}: no such file or directory")
    models_dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".install-", dir=models_dir))
    try:
        root = _copy_dir(source, scratch) if source.is_dir() else _unpack(source, scratch)
        try:
            check_model_dir(root)
        except AsrError as err:
            raise ModelError("bad_archive", f"{source}: {err.detail}") from None
        target = models_dir / (name or (root.name if root != scratch else source.name.removesuffix(".zip")))
        old = scratch.with_name(scratch.name + ".old")
        if target.exists():
            target.rename(old)  # a reinstall replaces the old copy only once the new one is in place
        try:
            root.rename(target)
        except OSError:
            if old.exists():
                old.rename(target)
            raise
        shutil.rmtree(old, ignore_errors=True)
        return target
    except OSError as err:
        if err.errno == errno.ENOSPC:
            raise ModelError("disk_full", f"{models_dir}: no space left while installing {source.name}") from None
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _copy_dir(source: Path, scratch: Path) -> Path:
    target = scratch / source.name
    shutil.copytree(source, target)
    return target


def _unpack(archive: Path, scratch: Path) -> Path:
    try:
        with zipfile.ZipFile(archive) as bundle:
            names = bundle.namelist()
            for name in names:
                path = PurePosixPath(name)
                if path.is_absolute() or ".." in path.parts:
                    raise ModelError("bad_archive", f"{archive}: unsafe path {name!r} in the archive")
            broken = bundle.testzip()
            if broken is not None:
                raise ModelError("bad_archive", f"{archive}: {broken} is damaged (CRC mismatch)")
            bundle.extractall(scratch)
    except zipfile.BadZipFile as err:
        raise ModelError("bad_archive", f"{archive}: not a zip archive ({err})") from None
    tops = {PurePosixPath(n).parts[0] for n in names if n.strip("/")}
    if len(tops) == 1 and (scratch / next(iter(tops))).is_dir():
        return scratch / next(iter(tops))
    return scratch  # the model's files sit at the archive's root


def verify(path: Path) -> list[str]:
    """Check a model directory by loading it with Vosk; returns what was checked."""
    check_model_dir(path)
    from assistant.asr.vosk import VoskEngine

    engine = VoskEngine(path)
    engine.stream("open").finish()
    engine.close()
    return ["layout: am/final.mdl and conf/model.conf present", "Vosk loads it and decodes silence"]
