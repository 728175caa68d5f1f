"""The terminal interview: prompts built with questionary, the review, the summary printed.
"""
