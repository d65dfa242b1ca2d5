// Module Market — Microgrid models, P2P market clearing, the DSO interface (proposal → response) and the case studies (DESIGN.md §2–§3, §8). Built in issue 5.
