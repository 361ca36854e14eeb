"""Sub-commands of `mof`, one module each, each with ``register(app)``."""
