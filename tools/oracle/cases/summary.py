"""Golden cases for model.summary():

summary/<lab>_printout   the labs' own printouts (fixtures/printouts/*.txt, transcribed from the seeds), as rows
                         (name, type, output shape, params) plus the three totals lines, compared on normalised rows;
summary_text/<model>     the whole Keras 3 summary text as rich 13.3.1 lays it out (tools/oracle/keras_summary.py),
                         compared exactly.
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import common  # noqa: E402
import keras_summary  # noqa: E402
import rich  # noqa: E402

NEEDS = ["rich"]  # beyond NumPy (generate.py)

def parse_row(line):
    """A table row: 'name (Type)<TAB>(None, …)<TAB>params[<TAB>connected to / annotation]'. The layer cell is kept
    verbatim (it may be cut by rich, e.g. 'global_average_poo... (GlobalAveragePool...')."""
    cells = line.rstrip().split("\t")
    if len(cells) < 3 or not cells[1].startswith("(") or not re.fullmatch(r"[\d,]+", cells[2].strip()):
        return None
    return {"layer": cells[0].strip(), "output_shape": cells[1].strip(), "params": cells[2].strip(),
            "extra": "\t".join(cells[3:]).strip()}
TOTAL = re.compile(r"^\s*(Total|Trainable|Non-trainable) params: ([\d,]+) \(([\d.]+ [KMGTP]?B)\)")


def parse_tables(path):
    """Every table in a printout: header line 'Layer (type)<TAB>Output Shape<TAB>Param #', tab-separated rows,
    then (optionally) the three totals lines. Returns [(title, rows, totals)]."""
    lines = open(path, encoding="utf-8").read().splitlines()
    tables, title, i = [], None, 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r'^Model: "(.*)"', line)
        if m:
            title = m.group(1).replace("\\_", "_")
        if line.startswith("Layer (type)\tOutput Shape\tParam #"):
            rows, i = [], i + 1
            while i < len(lines):
                r = parse_row(lines[i])
                if r:
                    rows.append(r)
                elif lines[i].strip() and rows:
                    break
                i += 1
            totals = []
            j = i
            while j < len(lines) and len(totals) < 3 and j < i + 8:
                t = TOTAL.match(lines[j])
                if t:
                    totals.append(lines[j].rstrip().rstrip("\\").rstrip())
                j += 1
            tables.append((title, rows, totals))
            title = None
            continue
        i += 1
    return tables


LAB_TABLES = ["lab1", "lab1-cam", "lab2", "lab2-cam", "lab3", "lab4"]


def printout_cases():
    common.clean_family("summary")
    src = "printouts/lab_models_and_losses.txt"
    tables = parse_tables(os.path.join(common.FIXTURES, src))
    assert len(tables) == len(LAB_TABLES), f"expected {len(LAB_TABLES)} tables in {src}, found {len(tables)}"
    for model_id, (title, rows, totals) in zip(LAB_TABLES, tables):
        assert len(totals) == 3, f"{model_id}: totals lines missing"
        write_printout_case(model_id, f"{model_id.replace('-', '_')}_printout", title, rows, totals, src,
                            "seed 000_9c5f3c67f1fb2364.txt (course summary slides, Keras 3 printout)")
    src2 = "printouts/dlai_cam_saliency_gradcam_zfnet.txt"
    tables2 = parse_tables(os.path.join(common.FIXTURES, src2))
    distinct = {tuple((r["layer"], r["output_shape"], r["params"]) for r in rows) for _, rows, _ in tables2}
    assert len(distinct) == 1, f"{src2}: the CAM-lab slides were expected to repeat one table, found {len(distinct)}"
    _, rows, _ = tables2[0]
    write_printout_case("lab1", "dlai_cam_slide_printout", None, rows, [], src2,
                        f"seed 002_ca90cd3b03a4d016.txt (DeepLearning.AI CAM lab slides, tf.keras 2.x printout; the same table appears {len(tables2)} times)")


def write_printout_case(model_id, name, title, rows, totals, src, seed):
    import json
    golden = {"title": title, "rows": rows, "totals": totals, "has_connected_to": model_id.endswith("-cam") and bool(totals),
              "rules": ["cells are compared after joining wrapped lines with one space and writing '…' as '...'",
                        "params are compared as integers (tf.keras 2.x prints no thousands separators)",
                        "'extra' holds the Connected to cell (or a slide annotation); only its first inbound layer name is compared",
                        "totals lines are compared after trimming white space"]}
    c = common.Case(
        "summary", name, model=model_id,
        description=f"model.summary() of {model_id} as printed in the lab: rows (name, type, output shape, params) and totals",
        source={"seed": seed, "fixture": "fixtures/" + src},
        method="keras_summary", params={"model": model_id, "line_length": 76},
        fixtures=[common.fixture_ref("printout", src)],
        provenance={"oracle": "lab printout", "version": "as printed in the lab material",
                    "command": common.command("summary"),
                    "notes": "Transcribed by parsing the fixture text; PDF extraction joins wrapped cell lines with spaces and "
                             "renders rich's '…' as '...'. Connected-to cells hold the lab session's node indices "
                             "(e.g. conv2d[6][0]), which depend on how often the layers were called before; they are "
                             "compared by inbound layer name only. tf.keras 2.x printouts have no thousands separators: "
                             "params are compared as integers."})
    text = json.dumps(golden, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    c.text_output("summary", "printout.json", text, "summary_rows",
                  common.exact("integer counts, shapes and names: any difference is a different model"))
    c.write()


# (model, line_length argument, terminal columns, name, what it shows) beyond the default call without a terminal
WIDTHS = [
    ("lab1", None, 120, "lab1_terminal_120", "no line_length in a 120-column terminal: the sequential default 88"),
    ("lab1-cam", None, 120, "lab1_cam_terminal_120", "no line_length in a 120-column terminal: the functional default 108"),
    ("lab4", 60, 80, "lab4_line_length_60", "line_length=60 without a terminal: narrower cells wrap and truncate more"),
    ("vgg16", 100, 80, "vgg16_line_length_100_capped",
     "line_length=100 without a terminal: capped at 80 - 4 = 76, the same table as the default"),
    ("lab2", 90, 80, "lab2_line_length_90_capped", "line_length=90 without a terminal: capped at 76"),
    ("alexnet", 100, 104, "alexnet_line_length_100_terminal_104", "line_length=100 in a 104-column terminal: 100 wide"),
]


def text_cases():
    common.clean_family("summary_text")
    calls = [(m, 76, 80, m.replace("-", "_"), "at line length 76 (no terminal)") for m in keras_summary.MODEL_IDS]
    for model_id, line_length, columns, name, what in calls + WIDTHS:
        title, rows, totals, seq = keras_summary.model(model_id)
        text = keras_summary.render(title, rows, totals, seq, line_length, columns)
        params = {"model": model_id, "line_length": line_length, **({} if columns == 80 else {"terminal_columns": columns})}
        c = common.Case(
            "summary_text", name, model=model_id,
            description=f"the whole Keras 3 model.summary() text of {model_id} {what}",
            source={"rules": "keras/src/utils/summary_utils.py :: print_summary (Keras >= 3.0.5)",
                    "layout": "rich 13.3.1 Table, box HEAVY_HEAD, show_lines=True"},
            method="keras_summary", params=params,
            provenance={"oracle": "rich (Debian python3-rich) driven by tools/oracle/keras_summary.py",
                        "version": f"rich {rich_version()}", "command": common.command("summary"),
                        "notes": "Keras cannot be installed here; its print_summary table decisions are transcribed and rich "
                                 "does the layout. Two-output CAM models are printed with the Connected to column, as the "
                                 "lab printed them; connections are those of a fresh graph (one node per layer)."})
        c.text_output("summary", "summary.txt", text, "exact_text",
                      common.exact("text: every character, including wrapping and the … truncation, is specified"))
        c.write()


def rich_version():
    from importlib.metadata import version
    return version("rich")


def main():
    printout_cases()
    text_cases()


if __name__ == "__main__":
    main()
