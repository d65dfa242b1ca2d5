# Voltage along the feeder per case
# Written by p2pgrid (module Reporting). Data: case-voltage.csv.
# Restyle freely, then rerun in this directory: gnuplot case-voltage.gp
set encoding utf8
set terminal svg size 760,480 dynamic enhanced font 'sans,11'
if (!exists("outfile")) outfile = 'case-voltage.svg'
set output outfile
set datafile separator comma
set title 'Voltage along the feeder per case'
set grid lc rgb '#d0d0d0'
set xlabel 'Bus'
set ylabel 'Voltage (p.u.)'
unset logscale x
unset logscale y
set key outside right top
plot 'case-voltage.csv' skip 1 using 1:2:3 with filledcurves fs transparent solid 0.2 noborder lc rgb '#0072b2' title 'case 1 min–max', \
     '' skip 1 using 5:6:7 with filledcurves fs transparent solid 0.2 noborder lc rgb '#e69f00' title 'case 2 min–max', \
     '' skip 1 using 9:10:11 with filledcurves fs transparent solid 0.2 noborder lc rgb '#009e73' title 'case 3 (models/transformer) min–max', \
     '' skip 1 using 13:14:15 with filledcurves fs transparent solid 0.2 noborder lc rgb '#cc79a7' title 'case 4 min–max', \
     '' skip 1 using 1:4 with linespoints lw 1.5 pt 7 ps 0.4 lc rgb '#0072b2' title 'case 1 peak hour', \
     '' skip 1 using 5:8 with linespoints lw 1.5 pt 7 ps 0.4 lc rgb '#e69f00' title 'case 2 peak hour', \
     '' skip 1 using 9:12 with linespoints lw 1.5 pt 7 ps 0.4 lc rgb '#009e73' title 'case 3 (models/transformer) peak hour', \
     '' skip 1 using 13:16 with linespoints lw 1.5 pt 7 ps 0.4 lc rgb '#cc79a7' title 'case 4 peak hour', \
     0.9 with lines dashtype 2 lc rgb '#606060' title 'V min', \
     1.05 with lines dashtype 2 lc rgb '#606060' title 'V max'
