"""Shared code for the book *Neural networks from scratch, in numpy*.

``helpers.net`` is the numpy core every chapter runs.
"""
