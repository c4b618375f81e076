"""Template families for every intent, one module per intent, and the registry that collects them.

A family is one distinct way people phrase an intent (a terse search-style question, a pasted
email with "tl;dr", a persona asking for a plan). Grouped splits put whole families into train,
validation or test, so each intent has many families: a model must generalise across phrasings
it has never seen instead of memorising templates.
"""
