"""Shared code for the book *Neural networks from scratch, in numpy*.

``helpers.net`` is the numpy core every chapter runs; ``helpers.deep`` adds chapter 7's nets of
any depth.
"""
