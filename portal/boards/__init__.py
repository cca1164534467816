"""Boards: initiatives (working groups), their boards and tasks."""
