"""Rendered 3-D scenes of lost things, for ``python -m bench.vision_teach`` (runs inside Blender).

    blender -b --factory-startup -P bench/blender_scenes.py -- OUT_DIR PHOTO_DIR [--views N]
        [--keep]

Five objects are modelled here from primitives (no downloaded assets): reading glasses (two
rims, lenses, bridge, temples), a bunch of keys (ring and three toothed keys), a leather
wallet, a plain white mug and a TV remote. For each object it renders

- ``teach/<kind>/N.png``: 5 teaching photos, close-up from above (50-80 deg) on a plain grey
  table, different sides (``--teach-only`` renders just these);
- ``views/<kind>/N.png``: 40 (``--views``) held-out views, each with its own viewpoint
  (azimuth 0-360 deg, elevation 15-75 deg), distance (0.3-0.9 m), object pose, table photo
  (the real photos of ../shared/data/photos as the table top and backdrop), lighting (sun
  angle, strength, colour) and, in 30% of the views, a box partly covering the object;

and ``labels.json`` with each view's object box (x1, y1, x2, y2 in pixels; the whole object's
projected extent, covered parts included). Cycles, CPU, 320x240, 10 samples (noisy, like a
camera in dim light). Seeded: the same command renders the same images.
"""

from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path

import bpy  # type: ignore[import-not-found]
from bpy_extras.object_utils import world_to_camera_view  # type: ignore[import-not-found]
from mathutils import Vector  # type: ignore[import-not-found]

KINDS = ("glasses", "keys", "wallet", "mug", "remote")
WIDTH, HEIGHT = 320, 240
MIN_VISIBLE = 0.5
"""A covered object stays at least this visible (share of its vertices the camera sees)."""


def material(name, colour, rough=0.5, metal=0.0, alpha=1.0, transmission=0.0):
    mat = bpy.data.materials.new(name)
    mat.use_nodes = True
    bsdf = mat.node_tree.nodes["Principled BSDF"]
    bsdf.inputs["Base Color"].default_value = (*colour, 1.0)
    bsdf.inputs["Roughness"].default_value = rough
    bsdf.inputs["Metallic"].default_value = metal
    bsdf.inputs["Transmission"].default_value = transmission
    bsdf.inputs["Alpha"].default_value = alpha
    if alpha < 1.0:
        mat.blend_method = "BLEND"
    return mat


def add(obj, mat, parent):
    obj.data.materials.append(mat)
    obj.parent = parent
    return obj


def empty(name):
    bpy.ops.object.empty_add(location=(0, 0, 0))
    root = bpy.context.object
    root.name = name
    return root


def glasses():
    root = empty("glasses")
    frame = material("frame", (0.02, 0.02, 0.025), rough=0.25)
    lens = material("lens", (0.85, 0.9, 0.95), rough=0.02, transmission=0.95)
    for side in (-1, 1):
        bpy.ops.mesh.primitive_torus_add(
            major_radius=0.024,
            minor_radius=0.0022,
            location=(side * 0.031, 0, 0.02),
            rotation=(math.pi / 2, 0, 0),
        )
        rim = add(bpy.context.object, frame, root)
        rim.scale = (1.0, 0.8, 1.0)
        bpy.ops.mesh.primitive_cylinder_add(
            radius=0.023,
            depth=0.002,
            location=(side * 0.031, 0, 0.02),
            rotation=(math.pi / 2, 0, 0),
        )
        glass = add(bpy.context.object, lens, root)
        glass.scale = (1.0, 0.8, 1.0)
        bpy.ops.mesh.primitive_cylinder_add(
            radius=0.0018,
            depth=0.13,
            location=(side * 0.056, 0.065, 0.024),
            rotation=(math.pi / 2, 0, side * 0.08),
        )
        add(bpy.context.object, frame, root)
    bpy.ops.mesh.primitive_cylinder_add(
        radius=0.002, depth=0.016, location=(0, 0, 0.026), rotation=(0, math.pi / 2, 0)
    )
    add(bpy.context.object, frame, root)
    return root


def keys():
    root = empty("keys")
    brass = material("brass", (0.78, 0.6, 0.25), rough=0.3, metal=1.0)
    steel = material("steel", (0.75, 0.75, 0.78), rough=0.25, metal=1.0)
    bpy.ops.mesh.primitive_torus_add(
        major_radius=0.014, minor_radius=0.0013, location=(0, 0, 0.0015)
    )
    add(bpy.context.object, steel, root)
    for k, angle in enumerate((-0.5, 0.1, 0.7)):
        mat = brass if k != 1 else steel
        cx, cy = 0.022 * math.cos(angle), 0.022 * math.sin(angle)
        bpy.ops.mesh.primitive_cylinder_add(radius=0.011, depth=0.002, location=(cx, cy, 0.001))
        add(bpy.context.object, mat, root)
        bx, by = cx + 0.03 * math.cos(angle), cy + 0.03 * math.sin(angle)
        bpy.ops.mesh.primitive_cube_add(size=1, location=(bx, by, 0.001), rotation=(0, 0, angle))
        blade = add(bpy.context.object, mat, root)
        blade.scale = (0.042, 0.007, 0.002)
        for t in range(4):
            d = 0.018 + t * 0.007
            tx, ty = cx + d * math.cos(angle), cy + d * math.sin(angle)
            off = 0.005
            bpy.ops.mesh.primitive_cube_add(
                size=1,
                location=(tx - off * math.sin(angle), ty + off * math.cos(angle), 0.001),
                rotation=(0, 0, angle + 0.6),
            )
            tooth = add(bpy.context.object, mat, root)
            tooth.scale = (0.004, 0.004, 0.002)
    return root


def wallet():
    root = empty("wallet")
    leather = material("leather", (0.23, 0.12, 0.06), rough=0.55)
    band = material("band", (0.33, 0.19, 0.1), rough=0.5)
    bpy.ops.mesh.primitive_cube_add(size=1, location=(0, 0, 0.008))
    body = add(bpy.context.object, leather, root)
    body.scale = (0.11, 0.09, 0.016)
    bpy.ops.object.modifier_add(type="BEVEL")
    body.modifiers["Bevel"].width = 0.004
    body.modifiers["Bevel"].segments = 3
    bpy.ops.mesh.primitive_cube_add(size=1, location=(0.0, 0.0, 0.0165))
    strip = add(bpy.context.object, band, root)
    strip.scale = (0.112, 0.018, 0.001)
    return root


def mug():
    root = empty("mug")
    ceramic = material("ceramic", (0.92, 0.92, 0.9), rough=0.12)
    inside = material("inside", (0.5, 0.5, 0.48), rough=0.3)
    bpy.ops.mesh.primitive_cylinder_add(radius=0.04, depth=0.095, location=(0, 0, 0.0475))
    add(bpy.context.object, ceramic, root)
    bpy.ops.mesh.primitive_cylinder_add(radius=0.036, depth=0.002, location=(0, 0, 0.0951))
    add(bpy.context.object, inside, root)
    bpy.ops.mesh.primitive_torus_add(
        major_radius=0.025,
        minor_radius=0.006,
        location=(0.045, 0, 0.05),
        rotation=(math.pi / 2, 0, 0),
    )
    add(bpy.context.object, ceramic, root)
    return root


def remote():
    root = empty("remote")
    plastic = material("plastic", (0.03, 0.03, 0.035), rough=0.4)
    grey = material("buttons", (0.35, 0.35, 0.38), rough=0.5)
    red = material("red", (0.7, 0.05, 0.04), rough=0.4)
    bpy.ops.mesh.primitive_cube_add(size=1, location=(0, 0, 0.01))
    body = add(bpy.context.object, plastic, root)
    body.scale = (0.05, 0.18, 0.02)
    for row in range(6):
        for col in range(3):
            mat = red if (row, col) == (0, 0) else grey
            bpy.ops.mesh.primitive_cylinder_add(
                radius=0.0055,
                depth=0.004,
                location=(-0.015 + col * 0.015, 0.065 - row * 0.022, 0.021),
            )
            add(bpy.context.object, mat, root)
    return root


BUILDERS = {"glasses": glasses, "keys": keys, "wallet": wallet, "mug": mug, "remote": remote}


def photo_material(path):
    mat = bpy.data.materials.new(f"photo-{path.name}")
    mat.use_nodes = True
    nodes = mat.node_tree.nodes
    tex = nodes.new("ShaderNodeTexImage")
    tex.image = bpy.data.images.load(str(path))
    mat.node_tree.links.new(tex.outputs["Color"], nodes["Principled BSDF"].inputs["Base Color"])
    nodes["Principled BSDF"].inputs["Roughness"].default_value = 0.7
    return mat


def scene_setup():
    bpy.ops.wm.read_factory_settings(use_empty=True)
    scene = bpy.context.scene
    scene.render.engine = "CYCLES"
    scene.cycles.device = "CPU"
    scene.cycles.samples = 10
    scene.cycles.use_denoising = False
    scene.render.use_persistent_data = True
    scene.render.resolution_x, scene.render.resolution_y = WIDTH, HEIGHT
    scene.render.image_settings.file_format = "PNG"
    scene.world = bpy.data.worlds.new("world")
    scene.world.use_nodes = True
    bpy.ops.object.camera_add()
    scene.camera = bpy.context.object
    scene.camera.data.lens = 30
    bpy.ops.object.light_add(type="SUN")
    bpy.ops.mesh.primitive_plane_add(size=2.4, location=(0, 0, 0))
    table = bpy.context.object
    table.name = "table"
    bpy.ops.mesh.primitive_plane_add(size=2.4, location=(0, 1.0, 1.0), rotation=(math.pi / 2, 0, 0))
    bpy.context.object.name = "backdrop"
    return scene


def look_at(camera, target):
    direction = Vector(target) - camera.location
    camera.rotation_euler = direction.to_track_quat("-Z", "Y").to_euler()


def box_of(scene, root):
    xs, ys = [], []
    for child in root.children:
        for v in child.data.vertices:
            co = world_to_camera_view(scene, scene.camera, child.matrix_world @ v.co)
            xs.append(co.x * WIDTH)
            ys.append((1 - co.y) * HEIGHT)
    return [max(0.0, min(xs)), max(0.0, min(ys)), min(WIDTH, max(xs)), min(HEIGHT, max(ys))]


def visible_fraction(scene, root, samples=150):
    """Share of the object's vertices (evenly sampled) the camera sees unhidden."""
    points = [c.matrix_world @ v.co for c in root.children for v in c.data.vertices]
    step = max(1, len(points) // samples)
    depsgraph = bpy.context.evaluated_depsgraph_get()
    origin = scene.camera.matrix_world.translation
    mine = set(root.children)
    seen = total = 0
    for point in points[::step]:
        ray = point - origin
        total += 1
        hit, _loc, _n, _i, obj, _m = scene.ray_cast(
            depsgraph, origin, ray.normalized(), distance=ray.length + 1e-3
        )
        seen += int(hit and (obj in mine or obj.original in mine))
    return seen / max(total, 1)


def render(scene, root, rng, out, *, table_mat, teach, cover, side=None):
    """Render one image; ``side``: (azimuth, elevation) in degrees around the object (in its
    own frame, so 0 is the same side of it whatever its turn), else drawn at random."""
    scene.objects["table"].data.materials.clear()
    scene.objects["table"].data.materials.append(table_mat)
    scene.objects["backdrop"].data.materials.clear()
    scene.objects["backdrop"].data.materials.append(table_mat)
    root.rotation_euler = (0, 0, rng.uniform(0, 2 * math.pi))
    root.location = (rng.uniform(-0.05, 0.05), rng.uniform(-0.05, 0.05), 0)
    bpy.context.view_layer.update()
    azimuth = rng.uniform(0, 2 * math.pi)
    elevation = math.radians(rng.uniform(50, 80) if teach else rng.uniform(15, 75))
    distance = rng.uniform(0.22, 0.3) if teach else rng.uniform(0.3, 0.9)
    if side is not None:
        azimuth = root.rotation_euler.z + math.radians(side[0])
        elevation = math.radians(side[1])
    cam = scene.camera
    cam.location = (
        root.location.x + distance * math.cos(elevation) * math.cos(azimuth),
        root.location.y + distance * math.cos(elevation) * math.sin(azimuth),
        distance * math.sin(elevation),
    )
    aim = (
        root.location.x + rng.uniform(-0.04, 0.04) * (not teach) * distance,
        root.location.y + rng.uniform(-0.04, 0.04) * (not teach) * distance,
        0.02,
    )
    look_at(cam, aim)
    sun = next(o for o in scene.objects if o.type == "LIGHT")
    sun.rotation_euler = (math.radians(rng.uniform(10, 60)), 0, rng.uniform(0, 2 * math.pi))
    sun.data.energy = 3.0 if teach else rng.uniform(1.5, 6.0)
    warm = 1.0 if teach else rng.uniform(0.75, 1.0)
    sun.data.color = (1.0, 0.85 + 0.15 * warm, 0.6 + 0.4 * warm)
    bg = scene.world.node_tree.nodes["Background"]
    bg.inputs["Strength"].default_value = 0.6 if teach else rng.uniform(0.3, 1.0)
    cover_obj = None
    if cover:
        bpy.ops.mesh.primitive_cube_add(size=1)
        cover_obj = bpy.context.object
        grey = rng.uniform(0.1, 0.8)
        cover_obj.data.materials.append(material("cover", (grey, grey * 0.9, grey * 0.8)))
        toward = Vector(cam.location) - Vector(root.location)
        toward.z = 0
        toward.normalize()
        side = Vector((-toward.y, toward.x, 0)) * rng.choice((-1, 1))
        cover_obj.scale = (0.06, 0.06, 0.12)
        cover_obj.location = Vector(root.location) + toward * 0.07 + side * rng.uniform(0.03, 0.06)
        cover_obj.location.z = 0.06
        cover_obj.rotation_euler = (0, 0, math.atan2(toward.y, toward.x))
    bpy.context.view_layer.update()
    if cover_obj is not None:  # partial cover: slide the box aside until >= half is seen
        for _ in range(8):
            if visible_fraction(scene, root) >= MIN_VISIBLE:
                break
            cover_obj.location += side * 0.02
            bpy.context.view_layer.update()
    seen = visible_fraction(scene, root)
    box = box_of(scene, root)
    VIEWPOINTS[str(out)] = {  # the camera in the object's own frame, for near-duplicate checks
        "azimuth": round(math.degrees(azimuth - root.rotation_euler.z) % 360, 1),
        "elevation": round(math.degrees(elevation), 1),
        "distance": round(distance, 3),
    }
    scene.render.filepath = str(out)
    if not (KEEP and out.is_file()):  # --keep: the scene is set up the same, the image reused
        bpy.ops.render.render(write_still=True)
    if cover_obj is not None:
        bpy.data.objects.remove(cover_obj, do_unlink=True)
    return box, seen


VIEWPOINTS: dict = {}
"""image path -> where the camera was (see :func:`render`)."""
LEVELS = (30.0, 50.0, 70.0)
"""Elevations (deg) of a spread teaching set's photos, in turn: low, middle, from above."""


def spread_sides(count, rng):
    """``count`` sides evenly around the object (with +-10 deg jitter), elevations taking
    :data:`LEVELS` in turn (+-5 deg): photos 0, 2, 4, ... are themselves spread round it."""
    step = 360.0 / count
    return [
        (n * step + rng.uniform(-10, 10), LEVELS[n % len(LEVELS)] + rng.uniform(-5, 5))
        for n in range(count)
    ]


def teach_set(out_dir, name, count):
    """``teach_sets/NAME/<kind>/N.png``: ``count`` teaching photos per kind spread around the
    object (a separate random stream: the views and the 5 teaching photos stay as they are)."""
    labels = {"count": count, "teach": {}}
    for k, kind in enumerate(KINDS):
        scene = scene_setup()
        plain = material("plain-table", (0.6, 0.6, 0.6), rough=0.8)
        root = BUILDERS[kind]()
        rng = random.Random(7000 + k)
        folder = out_dir / "teach_sets" / name / kind
        labels["teach"][kind] = {}
        for n, side in enumerate(spread_sides(count, rng)):
            path = folder / f"{n}.png"
            box = render(scene, root, rng, path, table_mat=plain, teach=True, cover=False,
                         side=side)[0]  # fmt: skip
            labels["teach"][kind][path.name] = {"box": box, "viewpoint": VIEWPOINTS[str(path)]}
    (out_dir / "teach_sets" / name / "labels.json").write_text(json.dumps(labels, indent=1))


KEEP = "--keep" in sys.argv
"""Reuse images already rendered (the random draws are the same, so are the labels): adding
views to a cache renders only the new ones."""


def main():
    args = sys.argv[sys.argv.index("--") + 1 :]
    out_dir, photo_dir = Path(args[0]), Path(args[1])
    views_per_kind = int(args[args.index("--views") + 1]) if "--views" in args else 40
    photos = sorted(p for p in photo_dir.rglob("*") if p.suffix.lower() in (".jpg", ".png"))
    if "--teach-set" in args:  # a spread teaching set beside the views
        at = args.index("--teach-set")
        teach_set(out_dir, args[at + 1], int(args[args.index("--teach-count") + 1]))
        return
    teach_only = "--teach-only" in args  # re-render the teaching photos, keep the views
    labels = {"teach": {}, "views": {}}
    if teach_only:
        labels = json.loads((out_dir / "labels.json").read_text())
    for k, kind in enumerate(KINDS):
        scene = scene_setup()
        plain = material("plain-table", (0.6, 0.6, 0.6), rough=0.8)
        tables = [photo_material(p) for p in photos]
        root = BUILDERS[kind]()
        rng = random.Random(1000 + k)
        teach_dir, view_dir = out_dir / "teach" / kind, out_dir / "views" / kind
        labels["teach"][kind] = {}
        labels.setdefault("teach_viewpoints", {})[kind] = {}
        for n in range(5):
            path = teach_dir / f"{n}.png"
            labels["teach"][kind][path.name] = render(
                scene, root, rng, path, table_mat=plain, teach=True, cover=False
            )[0]
            labels["teach_viewpoints"][kind][path.name] = VIEWPOINTS[str(path)]
        if teach_only:
            continue
        labels["views"][kind] = {}
        for n in range(views_per_kind):
            path = view_dir / f"{n:02d}.png"
            table = tables[(n * 7 + k * 3) % len(tables)]
            covered = rng.random() < 0.3
            box, seen = render(scene, root, rng, path, table_mat=table, teach=False,
                               cover=covered)  # fmt: skip
            labels["views"][kind][path.name] = {
                "box": box,
                "table": table.name[6:],
                "covered": covered,
                "visible": round(seen, 2),
                "viewpoint": VIEWPOINTS[str(path)],
            }
        (out_dir / "labels.json").write_text(json.dumps(labels, indent=1))  # after each kind
    if teach_only:
        (out_dir / "labels.json").write_text(json.dumps(labels, indent=1))


main()
