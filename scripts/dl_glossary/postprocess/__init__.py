"""Work over the written site: the headers file, Material's stylesheet purge, minifying."""
