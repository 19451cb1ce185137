"""One sub-package per format; each exposes a ``FORMAT`` (see ``pubkit.formats.base``)."""
