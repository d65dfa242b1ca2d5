# Input distribution: Network load scale
# Written by p2pgrid (module Reporting). Data: input-load-scale.csv.
# Restyle freely, then rerun in this directory: gnuplot input-load-scale.gp
set encoding utf8
set terminal svg size 640,420 dynamic enhanced font 'sans,11'
if (!exists("outfile")) outfile = 'input-load-scale.svg'
set output outfile
set datafile separator comma
set title 'Input distribution: Network load scale'
set grid lc rgb '#d0d0d0'
set xlabel 'Network load scale'
set ylabel 'Count'
unset logscale x
set yrange [0:*]
set style fill solid 0.6 border -1
unset key
plot 'input-load-scale.csv' skip 1 using 3:4:($2-$1) with boxes lc rgb '#3465a4' notitle
