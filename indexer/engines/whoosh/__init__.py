"""The embedded engine: a Whoosh index in ``index/``, written in generations that are swapped
in whole (``build``), searched through :class:`search.Archive`."""
