# Training and validation loss
# Written by p2pgrid (module Reporting). Data: training-loss.csv.
# Restyle freely, then rerun in this directory: gnuplot training-loss.gp
set encoding utf8
set terminal svg size 760,420 dynamic enhanced font 'sans,11'
if (!exists("outfile")) outfile = 'training-loss.svg'
set output outfile
set datafile separator comma
set title 'Training and validation loss'
set grid lc rgb '#d0d0d0'
set xlabel 'Epoch'
set ylabel 'Loss (MSE, standardised)'
unset logscale x
set xtics autofreq
set logscale y
set format y '10^{%L}'
set key outside right top
plot 'training-loss.csv' skip 1 using 1:2 with lines lw 1.5 title 'models/mlp train', \
     '' skip 1 using 3:4 with lines lw 1.5 title 'models/mlp validation', \
     '' skip 1 using 5:6 with lines lw 1.5 title 'models/transformer train', \
     '' skip 1 using 7:8 with lines lw 1.5 title 'models/transformer validation', \
     '' skip 1 using 9:10 with lines lw 1.5 title 'paper\_models/mlp train', \
     '' skip 1 using 11:12 with lines lw 1.5 title 'paper\_models/mlp validation', \
     '' skip 1 using 13:14 with lines lw 1.5 title 'paper\_models/transformer train', \
     '' skip 1 using 15:16 with lines lw 1.5 title 'paper\_models/transformer validation'
