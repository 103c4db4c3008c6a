"""What every domain's ``urls.py`` shares."""

# The prefix of every page of one cloud.
CLOUD = "clouds/<slug:slug>/"
