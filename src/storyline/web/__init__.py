"""web: the application and HTTP API over a store (`storyline serve`).

`app.create_app(db)` builds the FastAPI app: `api` answers JSON, `pages`
renders the same read models (`query.browse`) as HTML, `access` reads the
store between a writer's batches, `searching` keeps the full-text index up to
date, `story_svg` draws the story timeline and marks article texts.
"""
