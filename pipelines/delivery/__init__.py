"""Delivery of a day's written closing report by mail and chat, once per channel and language, and its Atom feeds.

It reads the report's files from disk and imports only layer 0 (`alert_log`, `files`), never `report`.
"""
