# Input distribution: MG power factor
# Written by p2pgrid (module Reporting). Data: input-power-factor.csv.
# Restyle freely, then rerun in this directory: gnuplot input-power-factor.gp
set encoding utf8
set terminal svg size 640,420 dynamic enhanced font 'sans,11'
if (!exists("outfile")) outfile = 'input-power-factor.svg'
set output outfile
set datafile separator comma
set title 'Input distribution: MG power factor'
set grid lc rgb '#d0d0d0'
set xlabel 'MG power factor'
set ylabel 'Count'
unset logscale x
set yrange [0:*]
set style fill solid 0.6 border -1
unset key
plot 'input-power-factor.csv' skip 1 using 3:4:($2-$1) with boxes lc rgb '#3465a4' notitle
