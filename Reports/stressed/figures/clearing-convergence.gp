# ADMM clearing: residuals per round
# Written by p2pgrid (module Reporting). Data: clearing-convergence.csv.
# Restyle freely, then rerun in this directory: gnuplot clearing-convergence.gp
set encoding utf8
set terminal svg size 760,440 dynamic enhanced font 'sans,11'
if (!exists("outfile")) outfile = 'clearing-convergence.svg'
set output outfile
set datafile separator comma
set title 'ADMM clearing: residuals per round'
set grid lc rgb '#d0d0d0'
set xlabel 'ADMM round'
set ylabel 'Residual (kW)'
unset logscale x
set logscale y
set format y '10^{%L}'
set key outside right top
plot 'clearing-convergence.csv' skip 1 using 1:2:3 with filledcurves fs transparent solid 0.2 noborder lc rgb '#0072b2' title 'primal residual 10–90 %', \
     '' skip 1 using 5:6:7 with filledcurves fs transparent solid 0.2 noborder lc rgb '#e69f00' title 'consensus change 10–90 %', \
     '' skip 1 using 1:4 with linespoints lw 1.5 pt 7 ps 0.4 lc rgb '#0072b2' title 'primal residual median', \
     '' skip 1 using 5:8 with linespoints lw 1.5 pt 7 ps 0.4 lc rgb '#e69f00' title 'consensus change median', \
     0.0001 with lines dashtype 2 lc rgb '#606060' title 'primal tolerance', \
     2e-05 with lines dashtype 2 lc rgb '#606060' title 'consensus tolerance'
