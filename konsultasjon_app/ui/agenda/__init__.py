"""agenda package."""
