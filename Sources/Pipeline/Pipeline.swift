// Module Pipeline — Declarative pipeline specs, the stage DAG, the content-addressed cache and provenance (DESIGN.md §9). Built in issue 7.
