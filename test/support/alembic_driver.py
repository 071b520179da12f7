# Drives Debian's real Alembic for the tests: runs a list of alembic command lines in one
# Python process (one start instead of one per revision), then prints what Alembic's own
# loader makes of the project as JSON: the oracle the static reader is held to.
import json
import os
import sys

from alembic.config import Config, main
from alembic.script import ScriptDirectory


def dump(ini, section):
    config = Config(ini, ini_section=section)
    script = ScriptDirectory.from_config(config)
    revmap = script.revision_map
    revisions = {}
    for rev in revmap._revision_map.values():
        if rev is None or rev.revision in revisions:
            continue
        revisions[rev.revision] = {
            "parents": list(rev._versioned_down_revisions),
            "dependsOn": sorted(rev._resolved_dependencies),
            "branchLabels": sorted(rev.branch_labels),
            "message": rev.doc,
            "path": os.path.relpath(rev.path, os.path.dirname(ini)),
        }
    return {"heads": sorted(script.get_heads()), "bases": sorted(script.get_bases()), "revisions": revisions}


def run(spec):
    ini = spec["ini"]
    os.chdir(os.path.dirname(ini))
    failures = []
    for argv in spec.get("commands", []):
        try:
            main(argv=["-c", ini] + argv, prog="alembic")
        except SystemExit as exit:
            if exit.code not in (None, 0):
                failures.append({"argv": argv, "code": exit.code})
    result = {"failures": failures}
    if spec.get("dump", True):
        result["dump"] = dump(ini, spec.get("section", "alembic"))
    return result


if __name__ == "__main__":
    print("\n@@ALEMBIC-DRIVER@@" + json.dumps(run(json.loads(sys.argv[1]))))
