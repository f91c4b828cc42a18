"""Cockpit handlers, one module per domain; importing this package fills ``REGISTRY``."""

from assistant.cockpit.handlers import climate, media, navigation, vehicle, windows
from assistant.cockpit.handlers.base import REGISTRY, HandlerSpec

__all__ = ["REGISTRY", "HandlerSpec", "climate", "media", "navigation", "vehicle", "windows"]
