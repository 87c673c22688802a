"""The glossary checker: scanner, matcher, rules, fixes and the command-line interface."""
