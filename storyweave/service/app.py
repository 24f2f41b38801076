"""The FastAPI app: the stories page, a story's page, and the JSON API, over a `StorySource`.

Security: templates escape every string (autoescape); every response carries a
Content-Security-Policy that runs only this app's own script file and no inline code;
writes need the bearer token the server was started with (none: writes are refused), and
the token is checked before a body is read; bodies are size-limited; no route reads a path
from the request (the two static files are read once, at start-up).
"""
from __future__ import annotations

import datetime as dt
import hmac
from importlib.resources import files
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPBearer
from jinja2 import Environment, PackageLoader
from starlette.exceptions import HTTPException

from storyweave.errors import (E_BAD_DATE, E_BAD_JSON, E_BAD_TOKEN, E_BODY_TOO_LARGE,
                               E_DUPLICATE_ID, E_NO_TOKEN, E_NOT_FOUND_PAGE,
                               E_UNKNOWN_STORY, InputError)
from storyweave.ingest.files import unused_id
from storyweave.records import Article, Problem
from storyweave.service import schemas
from storyweave.service.engine import Digester
from storyweave.service.sources import StorySource
from storyweave.service.views import story_view

# Largest request body: a 200-article request (schemas.MAX_ARTICLES) of 10 KB articles, news
# articles' usual size being 3-8 KB of text, with room for the JSON around them.
MAX_BODY_BYTES = 2 * 1024 * 1024
# Stories a page lists (a reader scans a few dozen headlines before searching instead), and
# an API answer at most (about 300 KB of JSON).
PAGE_STORIES = 50
MAX_LISTED = 1000
# A date in a query: ISO only (a number is no date, though Pydantic would take it for one).
DATE = {"format": "date"}
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
          "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", POLICY.encode()),
           (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"x-frame-options", b"DENY")]
STATIC = {"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8",
          "icon.svg": "image/svg+xml"}
ERRORS = {401: {"model": schemas.ErrorOut}, 403: {"model": schemas.ErrorOut},
          413: {"model": schemas.ErrorOut}, 400: {"model": schemas.ErrorOut},
          422: {"model": schemas.ErrorOut}}
BEARER = HTTPBearer(auto_error=False, description="the server's STORYWEAVE_TOKEN")


def auth_error(header: str | None, token: str | None) -> tuple[int, str] | None:
    """Why a write with this Authorization header is refused (status, message), or None."""
    if not token:
        return 403, E_NO_TOKEN
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                             token.encode()):
        return 401, E_BAD_TOKEN
    return None


class Guard:
    """ASGI middleware: security headers on every response; a write's token checked and its
    body's size limited before the app reads it."""

    def __init__(self, app, token: str | None, max_body: int):
        self.app, self.token, self.max_body = app, token, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_secured(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        headers = dict(scope["headers"])
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            refused = auth_error(headers.get(b"authorization", b"").decode("latin-1"),
                                 self.token)
            if refused:
                extra = {"WWW-Authenticate": "Bearer"} if refused[0] == 401 else None
                return await _error(refused[0], refused[1], extra)(scope, receive,
                                                                   send_secured)
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.max_body:
            return await _error(413, E_BODY_TOO_LARGE.format(limit=self.max_body))(
                scope, receive, send_secured)
        seen = 0

        async def receive_limited():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:  # a chunked body that outgrows the limit
                raise HTTPException(413, E_BODY_TOO_LARGE.format(limit=self.max_body))
            return message

        await self.app(scope, receive_limited, send_secured)


def _error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _date(value: str | None, blank: bool = True) -> dt.date | None:
    """A date from a query: None when not given, or blank and `blank` allows it (a search
    form's empty field); InputError when it is not one."""
    if value is None or (blank and not value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(E_BAD_DATE.format(value=value)) from None


def _records(articles: list[schemas.ArticleIn]) -> tuple[list[Article], list[Problem]]:
    """The records of a request's articles; an id used twice is renamed, as the file reader
    renames one, and the renaming named as a problem."""
    records, problems, seen = [], [], {}
    for number, body in enumerate(articles, 1):
        record = body.record(number)
        if record.id in seen:
            new = unused_id(record.id, seen)
            problems.append(Problem(f"article {number}", E_DUPLICATE_ID.format(
                id=record.id, other=seen[record.id], new=new)))
            record.id = new
        seen[record.id] = f"article {number}"
        records.append(record)
    return records, problems


def _wants_json(request: Request) -> bool:
    """Whether an error is answered in JSON (the API, a client not asking for HTML)."""
    return request.url.path.startswith("/api/") or "text/html" not in \
        request.headers.get("accept", "")


def _known(source: StorySource, story_id: str, prefix: str) -> RedirectResponse | None:
    """A redirect when a merge retired `story_id`; 404 when there is no such story."""
    current = source.resolve(story_id)
    if current is None:
        raise HTTPException(404, E_UNKNOWN_STORY.format(id=story_id))
    return RedirectResponse(prefix + current, 308) if current != story_id else None


class Pages:
    """The HTML side's templates (autoescaped) and static files, read once; `page` renders."""

    def __init__(self):
        self.templates = Environment(loader=PackageLoader("storyweave.service", "templates"),
                                     autoescape=True, trim_blocks=True, lstrip_blocks=True)
        self.static = {name: (files("storyweave.service") / "static" / name).read_bytes()
                       for name in STATIC}

    def page(self, name: str, code: int = 200, **context) -> HTMLResponse:
        """The template `name` rendered with `context`, answered with status `code`."""
        return HTMLResponse(self.templates.get_template(name).render(**context),
                            status_code=code)


def _add_error_handlers(app: FastAPI, pages: Pages) -> None:
    """Errors as JSON for the API and for clients that do not ask for HTML, else a page."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if _wants_json(request):
            return _error(exc.status_code, str(exc.detail), exc.headers)
        return pages.page("error.html", exc.status_code, status=exc.status_code,
                          message=exc.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        bad_json = next((e for e in errors if e.get("type") == "json_invalid"), None)
        if bad_json:
            detail = bad_json.get("ctx", {}).get("error", "malformed")
            return _error(400, E_BAD_JSON.format(detail=detail))
        message = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'body'}: {e.get('msg')}"
            for e in errors[:5])
        if _wants_json(request):
            return _error(422, message)
        return pages.page("error.html", 422, status=422, message=message)


def _page_routes(source: StorySource, pages: Pages) -> APIRouter:
    """The HTML side: the stories page, a story's page, the static files."""
    router = APIRouter(include_in_schema=False)

    @router.get("/", response_class=HTMLResponse)
    def stories_page(q: str = "", since: str = "", until: str = "", page_number: int = Query(
            1, alias="page", ge=1)):
        try:
            found = source.search(q, _date(since), _date(until))
            problem = None
        except InputError as err:
            found, problem = [], str(err)
        first = (page_number - 1) * PAGE_STORIES
        more = {"q": q, "since": since, "until": until, "page": page_number + 1}
        return pages.page("stories.html", stories=found[first:first + PAGE_STORIES], q=q,
                          since=since, until=until, problem=problem, found=len(found),
                          first=first, total=len(source.stories()), more=urlencode(more)
                          if first + PAGE_STORIES < len(found) else None)

    @router.get("/stories/{story_id}", response_class=HTMLResponse)
    def story_page(story_id: str):
        moved = _known(source, story_id, "/stories/")
        if moved:
            return moved
        return pages.page("story.html", story=story_view(story_id, source.digest(story_id)))

    @router.get("/static/{name}")
    def static_file(name: str):
        if name not in STATIC:  # a name from a fixed list, never a path
            raise HTTPException(404, E_NOT_FOUND_PAGE)
        return Response(pages.static[name], media_type=STATIC[name],
                        headers={"cache-control": "max-age=3600"})

    return router


def _read_routes(source: StorySource) -> APIRouter:
    """The API's reads: the stories, a story's digest."""
    router = APIRouter()

    @router.get("/api/stories", response_model=list[schemas.StoryOut], responses=ERRORS)
    def list_stories(q: str = "", since: str | None = Query(None, json_schema_extra=DATE),
                     until: str | None = Query(None, json_schema_extra=DATE),
                     offset: int = Query(0, ge=0),
                     limit: int = Query(MAX_LISTED, ge=1, le=MAX_LISTED)):
        """The stories (id, headline, article count, outlets, first and last date, whether
        its sources disagree: null until digested), latest first for a store; `q` keeps
        those holding every word, `since`/`until` those covered in that range; `offset`
        and `limit` page through them."""
        try:
            found = source.search(q, _date(since, blank=False), _date(until, blank=False))
        except InputError as err:
            raise HTTPException(422, str(err)) from None
        return [s.to_json() for s in found[offset:offset + limit]]

    @router.get("/api/stories/{story_id}", response_model=schemas.DigestOut,
                responses={404: {"model": schemas.ErrorOut}, 308: {"description": "merged: "
                           "the story's digest is at the id in Location"}})
    def get_story(story_id: str):
        """A story's digest: the JSON contract."""
        return _known(source, story_id, "/api/stories/") or source.digest(story_id)

    return router


def _write_routes(source: StorySource, digester: Digester, token: str | None) -> APIRouter:
    """The API's writes, each behind the bearer `token`: a digest on request, an ingest."""

    def check(request: Request, credentials=Depends(BEARER)):
        """Declares the bearer scheme in the spec; the Guard has already checked it."""
        refused = auth_error(request.headers.get("authorization"), token)
        if refused:
            raise HTTPException(*refused)

    router = APIRouter(dependencies=[Depends(check)])

    @router.post("/api/digest", response_model=schemas.DigestResponse, responses=ERRORS)
    def make_digest(body: schemas.DigestRequest):
        """The digest of the articles sent (one story); nothing is stored. An article that
        cannot be used (nothing left after cleaning) is named in `problems` and the rest is
        digested; when none can be, the digest is empty."""
        records, problems = _records(body.articles)
        digest = digester.digest(records, words=body.words, problems=problems)
        return {**digest.to_json(), "problems": [str(p) for p in digest.problems]}

    @router.post("/api/articles", response_model=schemas.IngestResponse,
                 responses={**ERRORS, 409: {"model": schemas.ErrorOut}})
    def ingest(body: schemas.IngestRequest):
        """Store the articles sent; the store sorts them into stories (409 when this
        server stores nothing)."""
        try:
            return source.ingest(*_records(body.articles))
        except InputError as err:
            raise HTTPException(409, str(err)) from None

    return router


def create_app(source: StorySource, digester: Digester, token: str | None = None,
               max_body: int = MAX_BODY_BYTES) -> FastAPI:
    """The app over `source`; `token` guards writes (None: every write is refused)."""
    app = FastAPI(title="storyweave", version="1", docs_url=None, redoc_url=None,
                  description="Story digests you can check: stories, digests (the JSON "
                  "contract), digests made on request, ingest into the store.")
    pages = Pages()
    _add_error_handlers(app, pages)
    for router in (_page_routes(source, pages), _read_routes(source),
                   _write_routes(source, digester, token)):
        app.include_router(router)
    app.add_middleware(Guard, token=token, max_body=max_body)
    return app
