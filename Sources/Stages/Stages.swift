// Module Stages — The stage kinds generate, train, validate, casestudy and report (DESIGN.md §5–§9). Built in issues 5–8.
