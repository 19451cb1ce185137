"""The keys pubkit keeps under an item's ``custom.pubkit`` object, for what CSL cannot say."""

NAMESPACE = "pubkit"
AUTHORS_TRUNCATED = "authors-truncated"  # true: the source said "et al."
HAS_CODE = "has-code"  # true: the listing's Code flag
CODE_URL = "code-url"  # the code repository
LINKS = "links"  # other URLs found in the abstract
AFFILIATIONS = "affiliations"  # [{"code": "pku", "name": "Peking University"}]
MARKUP = "markup"  # exact text chunks of title/abstract/note where CSL rich text loses some
EXTRA = "extra"  # the model's extra data that is not CSL's own
PROFILE = "profile"  # the listing's profile (every item has it: an array has no header)

CODE_NOTE = "Code: "  # how the note shows the code link to people
