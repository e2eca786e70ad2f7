from tests.app.harness import downloads

__all__ = ["downloads"]
