"""Files -> core objects, with every problem named by file, line and field.

yamlio reads YAML with line numbers and limits; questionnaire, policy packs, authorities and
inputs build the core's objects from the files a person or organisation wrote.
"""
