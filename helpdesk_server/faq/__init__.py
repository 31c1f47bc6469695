"""The FAQ / knowledge base of the reference server: content, search and HTTP routes."""
