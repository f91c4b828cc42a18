"""cockpit: an offline-first voice assistant for the AI cockpit of a car."""

from pathlib import Path

__version__ = "0.1.0"

#: The checkout the package runs from; intents/, config/ and demo/ live beside assistant/.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
