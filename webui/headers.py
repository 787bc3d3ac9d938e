"""Security headers on every response (to be written)."""


def init_app(app) -> None:
    pass
