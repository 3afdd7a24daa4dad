"""The package's architecture, held: layers import only downwards, no module imports itself back
through another, and no private name crosses a module boundary."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "gen"

# Lowest first. A module may import from its own layer or a lower one.
LAYERS = [
    {"gen", "gen.exceptions", "gen.messages", "gen.settings"},
    {"gen.content"},
    {"gen.word"},
    {"gen.checks"},
    {"gen.workflow"},
    {"gen.serve"},
    {"gen.cli", "gen.__main__"},
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    for depth, names in enumerate(LAYERS):
        for name in names:
            if module == name or (name != "gen" and module.startswith(name + ".")):
                return depth
    if module.count(".") == 1:  # a new top-level module: the base layer unless listed
        return 0
    raise AssertionError(f"{module} is in no layer: add its package to LAYERS")


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every gen import, at any depth of the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "gen" and node.level == 0:
            names = [a.name for a in node.names]
            # "from gen.content import model" imports a module, not a name
            for name in names:
                candidate = PACKAGE.parent / (node.module.replace(".", "/") + "/" + name)
                if candidate.with_suffix(".py").exists() or candidate.is_dir():
                    found.append((f"{node.module}.{name}", [], node.lineno))
                    names = [n for n in names if n != name]
            found.append((node.module, names, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] == "gen"]
    return found


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py") if "static" not in p.parts}


def test_no_module_imports_upward():
    upward = []
    for name, path in MODULES.items():
        for target, _, line in imports(path):
            if layer(target) > layer(name):
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {name} imports {target}")
    assert not upward, "\n".join(upward)


def test_no_import_loop():
    graph = {name: {t for t, _, _ in imports(path) if t in MODULES and t != name} for name, path in MODULES.items()}
    loops = []

    def visit(node, stack, done):
        if node in stack:
            loops.append(" -> ".join(stack[stack.index(node) :] + [node]))
            return
        if node in done:
            return
        for nxt in sorted(graph[node]):
            visit(nxt, stack + [node], done)
        done.add(node)

    done: set[str] = set()
    for node in sorted(graph):
        visit(node, [], done)
    assert not loops, "\n".join(sorted(set(loops)))


def test_no_private_name_crosses_a_module():
    crossing = []
    for path in MODULES.values():
        for target, names, line in imports(path):
            for taken in names:
                if taken.startswith("_"):
                    crossing.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {taken} from {target}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {
            a.asname or a.name.split(".")[-1]
            for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("gen")
            for a in n.names
            if a.name[:1].islower()
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
                if node.attr.startswith("_") and not node.attr.startswith("__"):
                    crossing.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {node.value.id}.{node.attr}")
    assert not crossing, "\n".join(crossing)


def test_the_word_namespace_is_defined_once():
    defined = [p for p in MODULES.values() if "wordprocessingml/2006/main" in p.read_text(encoding="utf-8")]
    assert [p.name for p in defined] == ["ooxml.py"]
