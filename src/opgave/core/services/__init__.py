"""All writes of the core app: one module per concept, one function per action.

Each action checks permission, changes the data and appends its audit record
in one transaction (see ``docs/development/conventions.md``).
"""
