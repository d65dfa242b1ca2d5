# Reliability of p̂_acc in distribution
# Written by p2pgrid (module Reporting). Data: accuracy-reliability.csv.
# Restyle freely, then rerun in this directory: gnuplot accuracy-reliability.gp
set encoding utf8
set terminal svg size 640,480 dynamic enhanced font 'sans,11'
if (!exists("outfile")) outfile = 'accuracy-reliability.svg'
set output outfile
set datafile separator comma
set title 'Reliability of p̂\_acc in distribution'
set grid lc rgb '#d0d0d0'
set xlabel 'mean predicted p̂\_acc'
set ylabel 'observed acceptance rate'
unset logscale x
set xtics autofreq
unset logscale y
set format y '% h'
set key outside right top
plot 'accuracy-reliability.csv' skip 1 using 1:2 with linespoints lw 1.5 title 'mlp', \
     '' skip 1 using 3:4 with linespoints lw 1.5 title 'ridge', \
     '' skip 1 using 5:6 with linespoints lw 1.5 title 'transformer', \
     '' skip 1 using 7:8 with linespoints lw 1.5 title 'perfect calibration'
