"""Which MkDocs command runs this build, known while MkDocs loads the config.

`on_startup` tells a plugin the command, but only once the whole config has loaded (0.45 s of a
build here). MkDocs 1.6 runs its commands with click and loads the config, each plugin's
`load_config` included, inside the command's click context: this adapter reads the command's
name from there. It is the plugin's one use of how MkDocs' command line works
(tests/test_cold_assets.py names the upgrade that changes it); without a click context it says
no, and the card job starts at `on_config` instead.
"""

from __future__ import annotations

import click

#: The commands that build the site into a folder.
BUILDS = frozenset({"build", "gh-deploy"})


def building() -> bool:
    """True inside `mkdocs build` or `mkdocs gh-deploy`."""
    context = click.get_current_context(silent=True)
    return context is not None and context.info_name in BUILDS
