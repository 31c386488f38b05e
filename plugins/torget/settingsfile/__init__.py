"""The settings file (``pelicanconf.py``): reading a dict-valued setting's fields, and where a setting is assigned."""
