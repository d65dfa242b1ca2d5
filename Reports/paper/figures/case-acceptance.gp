# Acceptance ratio per case
# Written by p2pgrid (module Reporting). Data: case-acceptance.csv.
# Restyle freely, then rerun in this directory: gnuplot case-acceptance.gp
set encoding utf8
set terminal svg size 760,440 dynamic enhanced font 'sans,11'
if (!exists("outfile")) outfile = 'case-acceptance.svg'
set output outfile
set datafile separator comma
set title 'Acceptance ratio per case'
set grid lc rgb '#d0d0d0'
set xlabel 'Case'
set ylabel 'Acceptance ratio'
unset logscale y
set format y '% h'
set yrange [0:*]
unset xzeroaxis
set xrange [0.5:4.5]
set xtics nomirror ('1: network-agnostic' 1, '2: iterative DSO feedback' 2, '3: learning-augmented (models/transformer)' 3, '4: oracle' 4)
set boxwidth 0.4 absolute
set style fill solid 0.8 border -1
set key outside right top
plot 'case-acceptance.csv' skip 1 using ($2-0.2):3 with boxes lc rgb '#0072b2' title 'first submission', \
     '' skip 1 using ($2-0.2):4:(0):($5-$4) with vectors heads size screen 0.006,90 lc rgb '#000000' lw 1.2 notitle, \
     '' skip 1 using ($2+0.2):6 with boxes lc rgb '#e69f00' title 'energy-weighted', \
     '' skip 1 using ($2+0.2):7:(0):($8-$7) with vectors heads size screen 0.006,90 lc rgb '#000000' lw 1.2 notitle
