# Gradient norm per layer group (transformer)
# Written by p2pgrid (module Reporting). Data: gradient-norms.csv.
# Restyle freely, then rerun in this directory: gnuplot gradient-norms.gp
set encoding utf8
set terminal svg size 760,420 dynamic enhanced font 'sans,11'
if (!exists("outfile")) outfile = 'gradient-norms.svg'
set output outfile
set datafile separator comma
set title 'Gradient norm per layer group (transformer)'
set grid lc rgb '#d0d0d0'
set xlabel 'Epoch'
set ylabel 'Gradient norm'
unset logscale x
set xtics autofreq
set logscale y
set format y '10^{%L}'
set key outside right top
plot 'gradient-norms.csv' skip 1 using 1:2 with lines lw 1.5 title 'models/transformer: overall', \
     '' skip 1 using 3:4 with lines lw 1.5 title 'models/transformer: embedding', \
     '' skip 1 using 5:6 with lines lw 1.5 title 'models/transformer: layer0', \
     '' skip 1 using 7:8 with lines lw 1.5 title 'models/transformer: layer1', \
     '' skip 1 using 9:10 with lines lw 1.5 title 'models/transformer: head', \
     '' skip 1 using 11:12 with lines lw 1.5 title 'paper\_models/transformer: overall', \
     '' skip 1 using 13:14 with lines lw 1.5 title 'paper\_models/transformer: embedding', \
     '' skip 1 using 15:16 with lines lw 1.5 title 'paper\_models/transformer: layer0', \
     '' skip 1 using 17:18 with lines lw 1.5 title 'paper\_models/transformer: layer1', \
     '' skip 1 using 19:20 with lines lw 1.5 title 'paper\_models/transformer: head'
