"""The agent's side: chat and ticket queues, role-checked, and agent presence."""
