"""The bulk encoder's ONNX Runtime graph: built from the packaged weights, close to the float
vectors, independent of batchmates, cached once."""
import numpy as np
import onnxruntime
import pytest

from storyweave.nlp.embed import MiniLM
from storyweave.nlp.onnx_minilm import OnnxMiniLM, graph
from tests.nlp.test_embed import TEXTS
from tests.read_only import read_only

# Least cosine of the int8 graph's vectors to the float ones: on the 952 DUC 2004 + TAC 2010
# leads they were 0.994 on average and 0.9875 at least (bench/encoder.py).
ONNX_MIN_COSINE = 0.98


@pytest.fixture(scope="module")
def encoder(tmp_path_factory):
    return OnnxMiniLM(1, tmp_path_factory.mktemp("onnx"))


def test_the_float_graph_gives_the_numpy_vectors(tmp_path):
    reference = MiniLM()
    expected = reference.encode(TEXTS)
    path = tmp_path / "float.onnx"
    path.write_bytes(graph(reference.weights).SerializeToString())
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    pieces = reference.word_pieces()
    pieces.no_padding()
    found = np.vstack([session.run(None, {"ids": np.array([p.ids], np.int64)})[0]
                       for p in pieces.encode_batch(TEXTS)])
    assert np.all(np.sum(found * expected, axis=1) > 0.9999)


def test_the_int8_graph_stays_close_to_the_float_vectors(encoder):
    found = encoder.encode(TEXTS)
    cosines = np.sum(found * MiniLM().encode(TEXTS), axis=1)
    assert np.all(cosines >= ONNX_MIN_COSINE) and np.any(cosines < 0.9999)
    assert np.allclose(np.linalg.norm(found, axis=1), 1.0, atol=1e-3)
    assert encoder.encode([]).shape == (0, MiniLM.DIMENSIONS)


def test_a_vector_does_not_depend_on_the_texts_encoded_with_it(encoder):
    together = encoder.encode(TEXTS)
    assert np.array_equal(together, np.vstack([encoder.encode([t]) for t in TEXTS[::-1]])[::-1])


def test_the_graph_is_built_once_into_the_cache_and_nothing_else_is_left(encoder):
    encoder.encode(TEXTS[:1])
    files = list(encoder.cache.iterdir())
    assert len(files) == 1 and files[0].name.startswith("minilm-int8-")
    built = files[0].stat().st_mtime_ns
    again = OnnxMiniLM(1, encoder.cache)
    assert np.array_equal(again.encode(TEXTS), encoder.encode(TEXTS))
    assert list(encoder.cache.iterdir()) == files and files[0].stat().st_mtime_ns == built


def test_a_cache_folder_that_cannot_be_written_falls_back_to_a_temporary_one(tmp_path, encoder):
    folder = tmp_path / "cache"
    folder.mkdir()
    with read_only(folder):
        found = OnnxMiniLM(1, folder).encode(TEXTS)
    assert not any(folder.iterdir())
    assert np.array_equal(found, encoder.encode(TEXTS))
