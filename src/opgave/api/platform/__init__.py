"""The platform endpoints: who am I, organisations, memberships and API tokens."""
