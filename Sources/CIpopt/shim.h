#ifndef P2PGRID_CIPOPT_SHIM_H
#define P2PGRID_CIPOPT_SHIM_H
// IpStdCInterface.h declares global `typedef int Int; typedef int Bool;
// typedef int Index; typedef double Number;`. Imported as-is, `Int` would
// shadow Swift's Int in every importing file, so the names are prefixed here.
#define Int IpoptInt
#define Bool IpoptBool
#define Index IpoptIndex
#define Number IpoptNumber
#include <IpStdCInterface.h>
#undef Int
#undef Bool
#undef Index
#undef Number
// The HSL loader of Debian's libipopt: `LSL_setMA27` installs the functions
// Ipopt calls for `linear_solver ma27` (p2pgrid hands it SparseLDL's).
#include <HSLLoader.h>
#endif
