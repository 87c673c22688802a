"""The MkDocs side: the plugin, its worker, renderers, exports and generated files."""
