"""Pydantic request and response models: the OpenAPI contract is generated from these."""
