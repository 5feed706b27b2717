"""Spreadsheets in and out: the edge where workbooks and CSV files meet the content.

- `form.py`: which rows a results workbook holds (pure: asks `builder.queries`);
- `columns.py`: its columns, shared by the writers and the readers;
- `results_out.py` / `csv_files.py`: the results workbook as XLSX or CSV;
- `workbook.py` / `cells.py`: reading a filled workbook or CSV into located cells;
- `entries.py`: located cells become results of units, checked against the content;
- `yaml_update.py`: results files updated in place, comments and layout kept;
- `importer.py`: the whole import, all or nothing;
- `scorecards.py`: every build's `data/scorecards.xlsx` and CSV files, one part per unit
  (`scorecards_book.py` writes the workbook's XML, `deflated.py` the zip from pieces
  compressed one by one, so `kpibook serve` compresses only the units that changed);
- `xlsx.py`: fonts, safe text and deterministic saving shared by every workbook.

The model, the rules and the scoring never import this package.
"""
