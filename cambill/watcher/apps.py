from django.apps import AppConfig


class WatcherConfig(AppConfig):
    name = "cambill.watcher"
    label = "watcher"
