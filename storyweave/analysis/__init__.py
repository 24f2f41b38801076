"""Analysis: facts aligned across articles, disagreements, quotes, entities and timeline."""
