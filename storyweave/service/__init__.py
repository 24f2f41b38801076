"""The web app and HTTP API (`storyweave serve`): server-rendered pages and a JSON API over a
`StorySource` (the folders given on the command line, or the store), with the models loaded
once at start-up."""

from storyweave.service.app import create_app
from storyweave.service.engine import Digester
from storyweave.service.sources import FolderSource, StorySource

__all__ = ["Digester", "FolderSource", "StorySource", "create_app"]
