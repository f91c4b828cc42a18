"""Understanding text: intent templates (hassil), slot values and the router."""
