// Module Reporting — Markdown and CSV tables and gnuplot figures for the publication report (DESIGN.md §9). Built in issue 8.
