"""The learned finder for taught objects: samples, classifier, storage (fakes), and one real run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from pipelines.vision.teach_learned import VERIFIED, LearnedFinder, TaughtModel
from pipelines.vision.teach_samples import (
    crop,
    cutout,
    object_box,
    object_mask,
    paste,
    shows_object,
)


def disc_photo(colour: tuple[int, int, int], size: int = 160) -> Any:
    import cv2

    photo = np.full((size, size, 3), 200, np.uint8)
    cv2.circle(photo, (size // 2, size // 2), size // 4, colour, -1)
    return photo


def textured(seed: int, shape: tuple[int, int] = (240, 320)) -> Any:
    rng = np.random.default_rng(seed)
    grey = rng.integers(20, 160, (shape[0] // 20, shape[1] // 20, 1))
    tint = rng.integers(0, 25, (shape[0] // 20, shape[1] // 20, 3))  # rooms of dull colours
    return np.kron((grey + tint).astype(np.uint8), np.ones((20, 20, 1), np.uint8))


def colour_embed(crops: list[Any]) -> Any:
    """A stand-in for the CNN: hue histogram of the crop's centre (saturated pixels), unit."""
    import cv2

    out = []
    for c in crops:
        h, w = c.shape[:2]
        hsv = cv2.cvtColor(c[h // 3 : 2 * h // 3, w // 3 : 2 * w // 3], cv2.COLOR_BGR2HSV)
        hist = cv2.calcHist(
            [hsv], [0], ((hsv[..., 1] > 120) & (hsv[..., 2] > 80)).astype(np.uint8), [12], [0, 180]
        )
        v = np.concatenate([hist.reshape(-1), [float(hsv[..., 2].mean()), 50.0]])
        out.append(v / np.linalg.norm(v))
    return np.asarray(out, np.float32)


def grid_propose(frame: Any) -> Any:
    h, w = frame.shape[:2]
    boxes = [(x, y, x + s, y + s) for s in (40, 80) for y in range(0, h - s + 1, s // 2)
             for x in range(0, w - s + 1, s // 2)]  # fmt: skip
    return np.asarray(boxes, np.float32)


def test_object_mask_and_plain_photos() -> None:
    photo = disc_photo((30, 30, 30))
    _mask, (x1, y1, x2, y2) = object_mask(photo)
    assert 35 <= x1 <= 45 and 115 <= x2 <= 125 and 35 <= y1 <= 45 and 115 <= y2 <= 125
    assert shows_object(photo)
    assert not shows_object(np.full((160, 160, 3), 128, np.uint8))


def shadowed_mug() -> Any:
    """A white mug seen from above on a light grey table: it stands out less than its shadow."""
    import cv2

    photo = np.full((200, 240, 3), 196, np.uint8)
    cv2.ellipse(photo, (150, 130), (60, 34), 30, 0, 360, (95, 95, 95), -1)  # the shadow
    cv2.circle(photo, (95, 90), 40, (214, 214, 214), -1)  # the mug
    cv2.circle(photo, (95, 90), 40, (236, 236, 236), 3)  # its rim
    return photo


def test_object_box_takes_the_detector_box_over_a_shadow() -> None:
    photo = shadowed_mug()
    mug = np.array([[53, 48, 137, 132]], np.float32)
    border_rule = object_mask(photo)[1]  # the region unlike the border: mostly the shadow
    assert border_rule[2] > 170 and border_rule[3] > 150
    assert object_box(photo, mug) == (53, 48, 137, 132)
    item = cutout(photo, mug)
    assert item.image.shape[:2] == (84, 84)
    assert float(item.mask[30:54, 30:54].mean()) > 0.9  # the mug's middle is kept
    assert float(item.mask.mean()) < 0.95  # the table in the box's corners is not
    corner = np.array([[0, 0, 30, 30]], np.float32)  # a proposal on plain table: ignored
    assert object_box(photo, corner) == object_mask(photo)[1]
    assert object_box(photo, np.zeros((0, 4), np.float32)) == object_mask(photo)[1]


def test_neighbours_check_the_best_proposals_only() -> None:
    rng = np.random.default_rng(0)

    def unit(v: Any) -> Any:
        return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)

    centre_a, centre_b = unit(rng.normal(size=8)), unit(rng.normal(size=8))
    positives = unit(centre_a + 0.05 * rng.normal(size=(20, 8)))
    negatives = unit(centre_b + 0.05 * rng.normal(size=(40, 8)))
    model = TaughtModel("a", positives, negatives)
    near = unit(np.stack([centre_a, centre_b, centre_a + 0.3 * centre_b]))
    share = model.neighbour_share(near)
    assert share[0] == 1.0 and share[1] == 0.0
    model.set_others(unit(centre_a + 0.05 * rng.normal(size=(60, 8))))  # another, same look
    assert model.neighbour_share(near[:1])[0] < 0.6
    model.set_others(None)
    assert model.neighbour_share(near[:1])[0] == 1.0

    vectors = unit(np.stack([centre_a + 0.1 * k * centre_b for k in range(5)]))
    finder = LearnedFinder(lambda crops: vectors[: len(crops)], grid_propose, limit=5)
    finder.models["a"] = model
    model.weights, model.bias = (centre_a - centre_b) * 20, 0.0
    table, boxes = finder.scores(np.zeros((60, 60, 3), np.uint8), np.tile([[0, 0, 9, 9]], (5, 1)))
    assert table.shape == (1, 5) and len(boxes) == 5
    assert int((table[0] > 0).sum()) == VERIFIED  # only the classifier's best are checked
    assert table[0, 0] > 0.9


def test_paste_places_the_object_in_its_box() -> None:
    rng = np.random.default_rng(1)
    item = cutout(disc_photo((0, 0, 255)))
    for _ in range(10):
        frame, (x1, y1, x2, y2) = paste(np.zeros((240, 320, 3), np.uint8), item, rng, cover=False)
        assert 0 <= x1 < x2 <= 320 and 0 <= y1 < y2 <= 240
        red = frame[..., 2] > 60  # the disc (the frame is black, plus a little noise)
        inside = int(red[int(y1) : int(y2), int(x1) : int(x2)].sum())
        assert inside > 0 and int(red.sum()) - inside <= 0.02 * inside
    assert crop(frame, (10, 10, 30, 50), 96).shape == (96, 96, 3)


def test_finder_finds_the_taught_object_and_tells_objects_apart() -> None:
    import cv2

    finder = LearnedFinder(colour_embed, grid_propose, min_probability=0.5, limit=1000)
    backgrounds = [textured(s) for s in range(6)]
    finder.add("red cup", [disc_photo((0, 0, 230)), disc_photo((20, 20, 200), 120)], backgrounds)
    finder.teach("green ball", [disc_photo((0, 210, 0))], backgrounds)
    frame = textured(99)
    cv2.circle(frame, (250, 70), 22, (10, 10, 220), -1)
    found = {d.label: d for d in finder.find(frame)}
    assert set(found) == {"red cup"}
    x1, y1, x2, y2 = found["red cup"].box
    assert x1 <= 250 <= x2 and y1 <= 70 <= y2
    assert finder.find(textured(98)) == []
    finder.forget("red cup")
    assert [d.label for d in finder.find(frame)] == []


def test_learned_models_are_stored_retrained_and_forgotten(app: Any) -> None:
    from pipelines.vision.teach import TaughtObjects
    from pipelines.vision.teach_store import LearnedTaught, model_path

    taught = TaughtObjects(app.db, app.paths.data_dir, app.ledger)
    taught.teach("red cup", [disc_photo((0, 0, 230))])
    taught.teach("green ball", [disc_photo((0, 210, 0))])
    backgrounds = [textured(s) for s in range(3)]
    first = LearnedTaught(taught, colour_embed, grid_propose)
    assert sorted(first.sync(backgrounds)) == ["green ball", "red cup"]
    path = model_path(app.paths.data_dir, "red cup")
    assert path.is_file()
    with np.load(path) as data:  # embeddings only: no pixels are kept in the model
        assert set(data.files) == {"positives", "negatives", "trained_from", "backgrounds",
                                  "features", "photos"}  # fmt: skip
        assert data["positives"].shape[1] == 14
        assert int(data["photos"]) == 2  # the one photo, as it is and mirrored
    again = LearnedTaught(taught, colour_embed, grid_propose)
    assert again.sync(backgrounds) == [] and set(again.finder.models) == {"green ball", "red cup"}
    taught.teach("red cup", [disc_photo((10, 10, 200), 120)])  # one more photo: retrained
    assert again.sync(backgrounds) == ["red cup"]
    assert taught.forget("red cup") == 2
    assert not path.exists() and not path.parent.exists()
    again.sync(backgrounds)
    assert set(again.finder.models) == {"green ball"}
    from pipelines.privacy.inventory import DataInventory  # "delete taught objects" on the
    # privacy page takes the learned models with the photos

    DataInventory(app.db, app.paths.data_dir, app.ledger).forget("taught_objects")
    assert not list(app.paths.data_dir.rglob("learned*.npz"))
    again.sync(backgrounds)
    assert again.finder.models == {}


def test_damaged_model_file_is_retrained(app: Any) -> None:
    from pipelines.vision.teach import TaughtObjects
    from pipelines.vision.teach_store import LearnedTaught, model_path

    taught = TaughtObjects(app.db, app.paths.data_dir, app.ledger)
    taught.teach("red cup", [disc_photo((0, 0, 230))])
    LearnedTaught(taught, colour_embed, grid_propose).sync([textured(0)])
    model_path(app.paths.data_dir, "red cup").write_bytes(b"not a model")
    assert LearnedTaught(taught, colour_embed, grid_propose).sync([textured(0)]) == ["red cup"]


def bear_closeups(photo: Any) -> tuple[Any, list[Any]]:
    """The teddy cut out of its photo, and 4 close-ups of it on a plain table (sizes, sides)."""
    import cv2

    bear = photo[132:302, 360:537].copy()
    closeups = []
    for scale, flip in ((1.0, False), (0.8, True), (1.2, False), (0.9, True)):
        canvas = np.full((300, 360, 3), (205, 208, 210), np.uint8)
        item = cv2.resize(bear[:, ::-1] if flip else bear, None, fx=scale, fy=scale)
        h, w = item.shape[:2]
        canvas[150 - h // 2 : 150 - h // 2 + h, 180 - w // 2 : 180 - w // 2 + w] = item
        closeups.append(canvas)
    return bear, closeups


def test_taught_from_photos_found_in_a_new_photo(
    installed: Any, photos: dict[str, Path], yolox: Any
) -> None:
    """Real end to end: EfficientNet-Lite0 from its wheel, YOLOX-Nano from ../shared. Teach a
    teddy from 4 close-ups on a plain table; a camera that has watched a room finds it there
    when it turns up, and nothing in the room without it."""

    from pipelines.vision.composite import paste as paste_scene
    from pipelines.vision.taught_step import TaughtStep
    from pipelines.vision.teach import TaughtObjects
    from pipelines.vision.teach_store import model_path

    from .conftest import read

    app = installed
    bear, closeups = bear_closeups(read(photos["bear"]))
    taught = TaughtObjects(app.db, app.paths.data_dir, app.ledger)
    assert taught.teach("teddy", closeups) == 4
    room = read(photos["room"])
    step = TaughtStep(yolox, taught, app.paths.models_dir, background_every=1)
    for light in (1.0, 0.8, 1.15, 0.9):  # the camera's frames before, as the day's light moves
        step(np.clip(room.astype(np.float32) * light, 0, 255).astype(np.uint8))
    assert model_path(app.paths.data_dir, "teddy").is_file()
    rng = np.random.default_rng(5)
    for _ in range(2):
        scene = paste_scene(room, bear, rng)
        teddy = [d for d in step(scene.image) if d.label == "teddy"]
        assert teddy, "the taught teddy was not found in the room"
        x1, y1, x2, y2 = teddy[0].box
        sx1, sy1, sx2, sy2 = scene.box
        assert sx1 <= (x1 + x2) / 2 <= sx2 and sy1 <= (y1 + y2) / 2 <= sy2
        assert step.learned is not None  # found by the learned finder, not only by keypoints
        assert [d.label for d in step.learned.finder.find(scene.image)] == ["teddy"]
    dim = np.clip(room.astype(np.float32) * 0.7, 0, 255).astype(np.uint8)
    for frame in (room, dim):  # the room without it
        assert not [d for d in step(frame) if d.label == "teddy"]
    taught.forget("teddy")
    assert not [d for d in step(scene.image) if d.label == "teddy"]


def box_shape_regions(frame: Any, boxes: Any) -> Any:
    """A stand-in for the detector's features: the box's shape, unit length."""
    sizes = np.asarray(boxes, np.float32)[:, 2:] - np.asarray(boxes, np.float32)[:, :2]
    v = np.concatenate([sizes, np.full((len(sizes), 1), 40.0, np.float32)], axis=1)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_model_of_other_features_is_retrained_and_stored_small(app: Any) -> None:
    """A model stored before the detector's features were used (or without them) is not
    mixed with vectors of another length: it is retrained, and kept as float16."""
    from pipelines.vision.teach import TaughtObjects
    from pipelines.vision.teach_store import LearnedTaught, model_path

    taught = TaughtObjects(app.db, app.paths.data_dir, app.ledger)
    taught.teach("red cup", [disc_photo((0, 0, 230))])
    assert LearnedTaught(taught, colour_embed, grid_propose).sync([textured(0)]) == ["red cup"]
    both = LearnedTaught(taught, colour_embed, grid_propose, box_shape_regions)
    assert both.sync([textured(0)]) == ["red cup"]
    with np.load(model_path(app.paths.data_dir, "red cup")) as data:
        assert data["positives"].dtype == np.float16 and data["positives"].shape[1] == 14 + 3
    model = both.finder.models["red cup"]
    np.testing.assert_allclose(np.linalg.norm(model.positives, axis=1), 1.0, atol=1e-2)
    again = LearnedTaught(taught, colour_embed, grid_propose, box_shape_regions)
    assert again.sync([textured(0)]) == []  # same features: loaded, not retrained
    assert LearnedTaught(taught, colour_embed, grid_propose).sync([textured(0)]) == ["red cup"]


def test_shared_bank_gives_each_object_its_own_neighbour_share() -> None:
    """One pass over one bank for every object: the same shares as each object's own check."""
    rng = np.random.default_rng(3)

    def unit(v: Any) -> Any:
        return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)

    centres = unit(rng.normal(size=(3, 16)))
    finder = LearnedFinder(lambda crops: np.zeros((0, 16)), grid_propose)
    for n, name in enumerate("abc"):
        positives = unit(centres[n] + 0.3 * rng.normal(size=(15 + 5 * n, 16)))
        negatives = unit(rng.normal(size=(30, 16)))
        model = TaughtModel(name, positives, negatives)
        model.weights, model.bias = unit(centres[n]) * 4, 0.0
        finder.models[name] = model
    for model in finder.models.values():
        others = [m.positives for m in finder.models.values() if m is not model]
        model.set_others(np.concatenate(others))
    queries = unit(np.concatenate([centres + 0.4 * rng.normal(size=(3, 16)),
                                   rng.normal(size=(4, 16))]))  # fmt: skip
    from pipelines.vision.teach_neighbours import SharedBank

    bank = SharedBank(finder.models, hardest=10)
    similarity = bank.similarity(queries)
    import pipelines.vision.teach_learned as learned

    for name, model in finder.models.items():
        hardest, learned.BANK_NEGATIVES = learned.BANK_NEGATIVES, 10
        try:
            expected = model.neighbour_share(queries, 5)
        finally:
            learned.BANK_NEGATIVES = hardest
        np.testing.assert_array_equal(bank.share(name, similarity, 5), expected)
    assert bank.share("a", similarity, 5)[0] > bank.share("b", similarity, 5)[0]


def test_neighbours_are_compared_on_the_crop_embedding_part() -> None:
    """The detector's features (after the first LOOK values) do not decide the neighbours."""
    from pipelines.vision.teach_neighbours import LOOK

    rng = np.random.default_rng(4)
    look_a, look_b = rng.normal(size=LOOK), rng.normal(size=LOOK)
    tail_a, tail_b = rng.normal(size=64) * 100, rng.normal(size=64) * 100

    def vectors(look: Any, tail: Any, n: int) -> Any:
        v = np.concatenate([look + 0.1 * rng.normal(size=(n, LOOK)), np.tile(tail, (n, 1))], 1)
        return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)

    model = TaughtModel("a", vectors(look_a, tail_a, 10), vectors(look_b, tail_b, 20))
    query = vectors(look_a, tail_b, 1)  # looks like the object, detector features like the rest
    assert model.neighbour_share(query)[0] == 1.0


def unit_rows(*rows: Any) -> Any:
    out = np.asarray(rows, np.float32)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def gate_finder(photo_check: bool = True) -> LearnedFinder:
    """Two objects whose classifiers both say "yes" to anything: only their teaching photos
    (the first 2 positives of each) tell them apart."""
    finder = LearnedFinder(colour_embed, grid_propose, photo_check=photo_check)
    for name, axis in (("keys", 0), ("glasses", 1)):
        photo = np.eye(4, dtype=np.float32)[axis]
        pasted = unit_rows([0.5, 0.5, 0.5, 0.5], [0.4, 0.6, 0.5, 0.5])
        model = TaughtModel(name, np.concatenate([[photo, photo], pasted]),
                            unit_rows([0, 0, 1, 0], [0, 0, 0, 1]), photos=2)  # fmt: skip
        model.weights, model.bias = np.zeros(4, np.float32), 5.0
        finder.models[name] = model
    return finder


def test_photo_check_gives_a_candidate_to_the_object_whose_photos_it_resembles() -> None:
    candidates = unit_rows([0.9, 0.3, 0.2, 0.2], [0.3, 0.9, 0.2, 0.2])  # keys-like, glasses-like
    gate = gate_finder().photo_gate(candidates)
    assert gate[0, 0] > 0.99 and gate[1, 0] < 0.01  # the first looks like keys' photos
    assert gate[1, 1] > 0.99 and gate[0, 1] < 0.01
    with_check, without = gate_finder().table(candidates), gate_finder(False).table(candidates)
    assert without[1, 0] == without[0, 0] > 0.3  # classifiers and neighbours alone: both
    assert with_check[0, 0] > 0.3 > 0.01 > with_check[1, 0]


def test_photo_check_with_one_object_changes_nothing() -> None:
    finder, before = gate_finder(), gate_finder(False)
    finder.models.pop("glasses")
    before.models.pop("glasses")
    candidates = unit_rows([0.1, 0.9, 0.2, 0.2])  # unlike the keys' photos, but nothing else
    assert np.allclose(finder.photo_gate(candidates), 1.0)
    assert np.allclose(finder.table(candidates), before.table(candidates))


def test_model_stored_before_the_photo_check_is_retrained(app: Any, tmp_path: Path) -> None:
    from pipelines.vision.teach_store import load

    path = tmp_path / "learned.npz"
    np.savez(path, positives=np.ones((4, 3), np.float16), negatives=np.ones((2, 3), np.float16),
             trained_from=np.asarray([1]), backgrounds=np.asarray(1),
             features=np.asarray("efficientnet-lite0"))  # fmt: skip
    assert load(path, "keys", "efficientnet-lite0") is None
    np.savez(path, positives=np.ones((4, 3), np.float16), negatives=np.ones((2, 3), np.float16),
             trained_from=np.asarray([1]), backgrounds=np.asarray(1), photos=np.asarray(2),
             features=np.asarray("efficientnet-lite0"))  # fmt: skip
    stored = load(path, "keys", "efficientnet-lite0")
    assert stored is not None and stored[0].photos == 2
