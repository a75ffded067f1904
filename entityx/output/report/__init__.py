"""The HTML report's assets (page skeleton, CSS, script, world outlines) and its
server-side drawings (bar charts, world map)."""
